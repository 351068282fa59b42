-- Issue 21, eleventh round (foreign-key checks): deleting a tenant deletes its contacts FIRST, in a
-- statement of its own, before the tenant's row goes and its own cascades run.
-- Why: the next migration (20261212010100_composite_foreign_keys) takes the tenant keys off
-- conversations and messages (their composite key to the contact pins the tenant), so they are no
-- longer deleted by the tenant's cascade directly but one round later, through their contacts. The
-- channels, which the tenant's cascade deletes in the first round, keep a NO ACTION key from
-- conversations and messages (a channel in use cannot be deleted): checked in that first round, it
-- found them still there and the tenant's delete failed (libs/database/test/data-rules.int-spec.ts).
-- Here the contacts' own delete ends (and with it its cascades: conversations, messages, runs, events)
-- before the tenant's row is deleted, so the channels' check finds nothing and a plain
-- `DELETE FROM tenants WHERE id = ...` works as before. Checking the channel keys at COMMIT instead
-- (DEFERRABLE INITIALLY DEFERRED) also fixed it, but cost every webhook and step: in the
-- conversation-step bench 1.71-1.74 -> 1.93-1.95 ms of PostgreSQL CPU a step (docs/performance.md,
-- "Issue 21, eleventh round: foreign-key checks"); this trigger costs nothing on the hot path (no
-- tenant is deleted there).
-- The tenant scope is set for the delete (contacts force row-level security, and whoever deletes a
-- tenant runs without one) and put back as it was: the rest of the transaction keeps its own scope.
-- The function runs with the deleting role's rights (not SECURITY DEFINER): deleting a tenant takes
-- DELETE on contacts as well as on tenants (today only the system client, a superuser, deletes
-- tenants; leadline_app has no DELETE on tenants). search_path is pinned so that `contacts` is ours
-- whatever the caller's path (a temporary table of that name cannot stand in for it).
CREATE FUNCTION ll_tenant_delete_contacts_first() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
  v_scope text := current_setting('app.tenant_id', true);
BEGIN
  PERFORM set_config('app.tenant_id', OLD.id::text, true);
  DELETE FROM contacts WHERE tenant_id = OLD.id;
  PERFORM set_config('app.tenant_id', coalesce(v_scope, ''), true);
  RETURN OLD;
END
$$;
CREATE TRIGGER "tenants_delete_contacts_first" BEFORE DELETE ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION ll_tenant_delete_contacts_first();
