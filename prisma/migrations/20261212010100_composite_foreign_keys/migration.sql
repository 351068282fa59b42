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
--   added in a DO block only when it is not there yet (a run that failed after adding it added it
--   NOT VALID, which the next statement validates): a `DROP CONSTRAINT IF EXISTS` beside the ADD
--   would take ACCESS EXCLUSIVE of the table every time, even with nothing to drop;
-- - VALIDATE scans the table under SHARE UPDATE EXCLUSIVE (reads and writes go on; contacts or
--   flow_runs are held ROW SHARE);
-- - then the two old keys are dropped in one statement: ACCESS EXCLUSIVE of the table, of contacts
--   (flow_runs) and of tenants, held only for the catalog change.
-- Every lock is waited for at most lock_timeout (5 s, set first, on the runner's one connection, which
-- runs these statements one by one; reset last): a lock request queued behind a long transaction (a
-- report, a dump, an open psql session) makes every later request on that table wait behind it, and
-- for an ACCESS EXCLUSIVE one on tenants or contacts that is every webhook and API request. A lock
-- not granted in 5 s fails the statement instead (the runner stops, the history row stays not
-- finished): mark the migration rolled back and run it again; every statement can run again (the ADD
-- is skipped when the key exists, the drops are IF EXISTS).

SET lock_timeout = '5s';

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'conversations'::regclass
                   AND conname = 'conversations_tenant_id_contact_id_fkey') THEN
    ALTER TABLE "conversations" ADD CONSTRAINT "conversations_tenant_id_contact_id_fkey"
      FOREIGN KEY ("tenant_id", "contact_id") REFERENCES "contacts"("tenant_id", "id")
      ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
  END IF;
END
$$;
ALTER TABLE "conversations" VALIDATE CONSTRAINT "conversations_tenant_id_contact_id_fkey";
ALTER TABLE "conversations" DROP CONSTRAINT IF EXISTS "conversations_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "conversations_tenant_id_fkey";

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'messages'::regclass
                   AND conname = 'messages_tenant_id_contact_id_fkey') THEN
    ALTER TABLE "messages" ADD CONSTRAINT "messages_tenant_id_contact_id_fkey"
      FOREIGN KEY ("tenant_id", "contact_id") REFERENCES "contacts"("tenant_id", "id")
      ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
  END IF;
END
$$;
ALTER TABLE "messages" VALIDATE CONSTRAINT "messages_tenant_id_contact_id_fkey";
ALTER TABLE "messages" DROP CONSTRAINT IF EXISTS "messages_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "messages_tenant_id_fkey";

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'contact_events'::regclass
                   AND conname = 'contact_events_tenant_id_contact_id_fkey') THEN
    ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_tenant_id_contact_id_fkey"
      FOREIGN KEY ("tenant_id", "contact_id") REFERENCES "contacts"("tenant_id", "id")
      ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
  END IF;
END
$$;
ALTER TABLE "contact_events" VALIDATE CONSTRAINT "contact_events_tenant_id_contact_id_fkey";
ALTER TABLE "contact_events" DROP CONSTRAINT IF EXISTS "contact_events_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "contact_events_tenant_id_fkey";

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'contact_activity'::regclass
                   AND conname = 'contact_activity_tenant_id_contact_id_fkey') THEN
    ALTER TABLE "contact_activity" ADD CONSTRAINT "contact_activity_tenant_id_contact_id_fkey"
      FOREIGN KEY ("tenant_id", "contact_id") REFERENCES "contacts"("tenant_id", "id")
      ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
  END IF;
END
$$;
ALTER TABLE "contact_activity" VALIDATE CONSTRAINT "contact_activity_tenant_id_contact_id_fkey";
ALTER TABLE "contact_activity" DROP CONSTRAINT IF EXISTS "contact_activity_contact_id_fkey",
  DROP CONSTRAINT IF EXISTS "contact_activity_tenant_id_fkey";

-- A run's trace rows: two per step.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = 'run_events'::regclass
                   AND conname = 'run_events_tenant_id_run_id_fkey') THEN
    ALTER TABLE "run_events" ADD CONSTRAINT "run_events_tenant_id_run_id_fkey"
      FOREIGN KEY ("tenant_id", "run_id") REFERENCES "flow_runs"("tenant_id", "id")
      ON DELETE CASCADE ON UPDATE CASCADE NOT VALID;
  END IF;
END
$$;
ALTER TABLE "run_events" VALIDATE CONSTRAINT "run_events_tenant_id_run_id_fkey";
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_run_id_fkey",
  DROP CONSTRAINT IF EXISTS "run_events_tenant_id_fkey";

RESET lock_timeout;
