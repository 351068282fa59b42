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
-- Existing deployments (docs/deployment.md, "Migrations that rebuild an index"). Locks, per table:
-- - the new key is added NOT VALID: SHARE ROW EXCLUSIVE of the table and of contacts (flow_runs), a
--   catalog change, no scan (writes wait, reads go on; new rows are checked from then on). It is
--   added only when it is not there yet (a run that failed after adding it added it NOT VALID, which
--   the next statement validates), by the session's helper below: a `DROP CONSTRAINT IF EXISTS`
--   beside the ADD would take ACCESS EXCLUSIVE of the table every time, even with nothing to drop;
-- - VALIDATE scans the table under SHARE UPDATE EXCLUSIVE (reads and writes go on; contacts or
--   flow_runs are held ROW SHARE);
-- - then the two old keys are dropped in one statement: ACCESS EXCLUSIVE of the table, of contacts
--   (flow_runs) and of tenants, held only for the catalog change.
-- Each table's statements run on their own, so no statement holds one table's lock while it waits for
-- another's. Every lock is waited for at most lock_timeout (5 s, set first, on the runner's one
-- connection, which runs these statements one by one; reset last): a lock request queued behind a
-- long transaction (a report, a dump, an open psql session) makes every later request on that table
-- wait behind it, and for an ACCESS EXCLUSIVE one on tenants or contacts that is every webhook and
-- API request. A lock not granted in 5 s fails the statement instead (the runner stops, the history
-- row stays not finished): mark the migration rolled back and run it again; every statement can run
-- again (the ADD is skipped when the key exists, the drops are IF EXISTS).

SET lock_timeout = '5s';

-- A helper of this session only (pg_temp: gone when the runner's connection closes, never in the
-- schema). Adds `<child>_tenant_id_<key_column>_fkey`, (tenant_id, key_column) -> parent (tenant_id,
-- id), NOT VALID, unless it exists.
CREATE FUNCTION pg_temp.ll_add_tenant_key_not_valid(child regclass, key_column text, parent regclass)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_name text := format('%s_tenant_id_%s_fkey', child, key_column);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = child AND conname = v_name) THEN
    EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I FOREIGN KEY ("tenant_id", %I) REFERENCES %s ("tenant_id", "id") '
                   'ON DELETE CASCADE ON UPDATE CASCADE NOT VALID', child, v_name, key_column, parent);
  END IF;
END
$$;

SELECT pg_temp.ll_add_tenant_key_not_valid('conversations', 'contact_id', 'contacts');
ALTER TABLE "conversations" VALIDATE CONSTRAINT "conversations_tenant_id_contact_id_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT IF EXISTS "conversations_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "conversations_tenant_id_fkey";

SELECT pg_temp.ll_add_tenant_key_not_valid('messages', 'contact_id', 'contacts');
ALTER TABLE "messages" VALIDATE CONSTRAINT "messages_tenant_id_contact_id_fkey";
ALTER TABLE "messages" DROP CONSTRAINT IF EXISTS "messages_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "messages_tenant_id_fkey";

SELECT pg_temp.ll_add_tenant_key_not_valid('contact_events', 'contact_id', 'contacts');
ALTER TABLE "contact_events" VALIDATE CONSTRAINT "contact_events_tenant_id_contact_id_fkey";
ALTER TABLE "contact_events" DROP CONSTRAINT IF EXISTS "contact_events_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "contact_events_tenant_id_fkey";

SELECT pg_temp.ll_add_tenant_key_not_valid('contact_activity', 'contact_id', 'contacts');
ALTER TABLE "contact_activity" VALIDATE CONSTRAINT "contact_activity_tenant_id_contact_id_fkey";
ALTER TABLE "contact_activity" DROP CONSTRAINT IF EXISTS "contact_activity_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "contact_activity_tenant_id_fkey";

-- A run's trace rows: two per step.
SELECT pg_temp.ll_add_tenant_key_not_valid('run_events', 'run_id', 'flow_runs');
ALTER TABLE "run_events" VALIDATE CONSTRAINT "run_events_tenant_id_run_id_fkey";
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_run_id_fkey",
  DROP CONSTRAINT IF EXISTS "run_events_tenant_id_fkey";

RESET lock_timeout;
