-- leadline:no-transaction
-- Issue 21, eleventh round (foreign-key checks): a row of a contact's (or a run's) child table named
-- its tenant and its contact (run) by two foreign keys, tenant_id -> tenants and contact_id -> contacts,
-- two RI checks per inserted row (each a key probe and a FOR KEY SHARE row lock, the tenant's one row
-- locked by every concurrent writer). Now ONE composite key, (tenant_id, contact_id) -> contacts
-- (tenant_id, id) (resp. (tenant_id, run_id) -> flow_runs (tenant_id, id)), pins both: the contact
-- exists AND belongs to the row's tenant, and the contact's own tenant_id -> tenants key says the
-- tenant exists. The tenant key of the child is implied, so it is dropped (as run_events' flow_id
-- was in 20261207000000_fewer_index_writes_per_step). Checks per new-contact webhook 12 -> 8, per
-- known contact's webhook 6 -> 4, per conversation step (worker) 12 -> 9
-- (libs/engine/test/foreign-key-checks.int-spec.ts).
-- Defence in depth for tenant isolation: a row can no longer point at another tenant's contact or
-- run (the single-column keys allowed tenant A's message to name tenant B's contact; only row-level
-- security and the application kept it out).
-- Deletes do what they did: a contact's (run's) rows go with it (ON DELETE CASCADE, now through the
-- composite key), and a tenant's go with the tenant's contacts (runs), which its delete removes first
-- (20261212010050_tenant_delete_contacts_first: the channels' NO ACTION key would otherwise find
-- conversations and messages still there), instead of by a second, direct cascade from tenants.
-- ON UPDATE CASCADE as before (ids never change).
-- Existing deployments (docs/deployment.md, "Migrations that rebuild an index"): each key is added NOT VALID (a short SHARE ROW EXCLUSIVE
-- lock of both tables: catalog only, no scan; new rows are checked from then on), then validated in
-- its own statement, which scans the table under SHARE UPDATE EXCLUSIVE only (reads and writes go on;
-- the referenced table is held ROW SHARE), and only then are the two old keys dropped (a short ACCESS
-- EXCLUSIVE lock of both tables each). Every statement runs alone outside a transaction and can run
-- again after a failure (marked rolled back): the ADD drops a half-made key of the same name first,
-- the drops are IF EXISTS.

ALTER TABLE "conversations" DROP CONSTRAINT IF EXISTS "conversations_tenant_id_contact_id_fkey",
  ADD CONSTRAINT "conversations_tenant_id_contact_id_fkey" FOREIGN KEY ("tenant_id", "contact_id")
  REFERENCES "contacts"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
ALTER TABLE "conversations" VALIDATE CONSTRAINT "conversations_tenant_id_contact_id_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT IF EXISTS "conversations_contact_id_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT IF EXISTS "conversations_tenant_id_fkey";

ALTER TABLE "messages" DROP CONSTRAINT IF EXISTS "messages_tenant_id_contact_id_fkey",
  ADD CONSTRAINT "messages_tenant_id_contact_id_fkey" FOREIGN KEY ("tenant_id", "contact_id")
  REFERENCES "contacts"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
ALTER TABLE "messages" VALIDATE CONSTRAINT "messages_tenant_id_contact_id_fkey";
ALTER TABLE "messages" DROP CONSTRAINT IF EXISTS "messages_contact_id_fkey";
ALTER TABLE "messages" DROP CONSTRAINT IF EXISTS "messages_tenant_id_fkey";

ALTER TABLE "contact_events" DROP CONSTRAINT IF EXISTS "contact_events_tenant_id_contact_id_fkey",
  ADD CONSTRAINT "contact_events_tenant_id_contact_id_fkey" FOREIGN KEY ("tenant_id", "contact_id")
  REFERENCES "contacts"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
ALTER TABLE "contact_events" VALIDATE CONSTRAINT "contact_events_tenant_id_contact_id_fkey";
ALTER TABLE "contact_events" DROP CONSTRAINT IF EXISTS "contact_events_contact_id_fkey";
ALTER TABLE "contact_events" DROP CONSTRAINT IF EXISTS "contact_events_tenant_id_fkey";

ALTER TABLE "contact_activity" DROP CONSTRAINT IF EXISTS "contact_activity_tenant_id_contact_id_fkey",
  ADD CONSTRAINT "contact_activity_tenant_id_contact_id_fkey" FOREIGN KEY ("tenant_id", "contact_id")
  REFERENCES "contacts"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
ALTER TABLE "contact_activity" VALIDATE CONSTRAINT "contact_activity_tenant_id_contact_id_fkey";
ALTER TABLE "contact_activity" DROP CONSTRAINT IF EXISTS "contact_activity_contact_id_fkey";
ALTER TABLE "contact_activity" DROP CONSTRAINT IF EXISTS "contact_activity_tenant_id_fkey";

-- A run's trace rows: two per step.
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_tenant_id_run_id_fkey",
  ADD CONSTRAINT "run_events_tenant_id_run_id_fkey" FOREIGN KEY ("tenant_id", "run_id")
  REFERENCES "flow_runs"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
ALTER TABLE "run_events" VALIDATE CONSTRAINT "run_events_tenant_id_run_id_fkey";
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_run_id_fkey";
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_tenant_id_fkey";
