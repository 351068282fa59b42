-- leadline:no-transaction
-- Issue 21, eleventh round (foreign-key checks): the unique keys (tenant_id, id) of contacts and
-- flow_runs, which the next migration's composite foreign keys reference (20261212010100_composite_
-- foreign_keys: a foreign key needs a unique index on exactly its referenced columns; the primary key
-- (id) is not one for (tenant_id, id)). The cost: one B-tree entry per new contact and per new run
-- (and per update of such a row that is not HOT; tenant_id and id never change, so a HOT update stays
-- HOT), against the checks saved: 4 per new-contact webhook, 2 per known contact's webhook, 3 per
-- conversation step (docs/performance.md, "Issue 21, eleventh round: foreign-key checks").
-- Built CONCURRENTLY, one statement at a time outside a transaction (docs/data-model.md,
-- "no-transaction migration"): the tables stay writable while they are built. Re-runnable after a
-- failure (marked rolled back): each DROP removes an INVALID index a failed concurrent build left
-- behind. Nothing references these indexes until the next migration, which the runner does not start
-- while this one is unfinished.
DROP INDEX CONCURRENTLY IF EXISTS "contacts_tenant_id_id_key";
CREATE UNIQUE INDEX CONCURRENTLY "contacts_tenant_id_id_key" ON "contacts"("tenant_id", "id");
DROP INDEX CONCURRENTLY IF EXISTS "flow_runs_tenant_id_id_key";
CREATE UNIQUE INDEX CONCURRENTLY "flow_runs_tenant_id_id_key" ON "flow_runs"("tenant_id", "id");
