-- leadline:no-transaction
-- Issue 21, tenth round (ingest's write): two indexes written by every webhook that creates a contact
-- leave NULLs out. A new contact has no pipeline stage and its new conversation nobody assigned, so
-- each wrote one index entry that no query reads (WAL of an ingest transaction, pg_walinspect:
-- 19.9 -> 17.9 B-tree leaf inserts per new-contact webhook; ingest-index-entries.int-spec.ts).
-- Built as 20261209020100_messages_partial_indexes: CONCURRENTLY, one statement at a time outside a
-- transaction (docs/data-model.md, "no-transaction migration"), each new index under a temporary name
-- beside the old one, which serves until it is dropped; every statement can run again after a failure
-- (the DROP before each build removes an INVALID index a failed concurrent build left behind).
-- Repair after a failure between an old index's DROP and its RENAME (the old index gone, the
-- `*_partial_idx` built): do not just run again, as the first DROP would remove the only index left
-- and rebuild it with nothing serving. If `SELECT indisvalid FROM pg_index WHERE indexrelid =
-- '"<table>_…_partial_idx"'::regclass` is true, run that pair's RENAME by hand, then: if it was the
-- conversations pair (the last), mark the migration applied (`UPDATE "_prisma_migrations" SET
-- finished_at = now(), applied_steps_count = 8 WHERE migration_name =
-- '20261211030000_ingest_fewer_index_entries' AND finished_at IS NULL`); if it was the contacts pair,
-- mark it rolled back (the runner's message gives the UPDATE) and run again: the contacts index is
-- built once more beside the renamed one, which serves until the re-run drops it.

-- contacts (tenant_id, stage_id, updated_at DESC): the pipeline board's columns. Readers: the board's
-- cards and counts (`stage_id = $1`, `stage_id IS NOT NULL` for the per-stage counts), which imply the
-- predicate. The trade-off: `stage_id IS NULL` (the contacts list's `stage=none`, "not in pipeline")
-- can no longer read this index. A page of it walks the list's sort index (contacts_tenant_id_
-- created_at_id_idx, or the name one) and filters out the staged rows: cheap while most of a tenant's
-- contacts have no stage (a new contact has none), but a tenant whose contacts are mostly in a stage
-- pages through its contacts for each page of "not in pipeline". Measured on 20,000 contacts, 95 %
-- staged: unstaged spread evenly, the first page (26 rows) reads 520 rows; the 1,000 unstaged the
-- oldest, 19,026 rows and 1,458 blocks (~730x the page); none unstaged, 20,000 rows for an empty page.
-- The full index would read the 1,000 NULL entries and sort them (68 blocks), but on that data the
-- planner walked the sort index with it too (it judges by stage_id's NULL share over all tenants).
-- A known cost, accepted for one index entry less per new contact (docs/performance.md, "Issue 21,
-- tenth round: ingest's write"). Segments' no-stage filter reads all the tenant's matches either way.
DROP INDEX CONCURRENTLY IF EXISTS "contacts_tenant_id_stage_id_updated_at_partial_idx";
CREATE INDEX CONCURRENTLY "contacts_tenant_id_stage_id_updated_at_partial_idx"
  ON "contacts"("tenant_id", "stage_id", "updated_at" DESC) WHERE stage_id IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "contacts_tenant_id_stage_id_updated_at_idx";
ALTER INDEX "contacts_tenant_id_stage_id_updated_at_partial_idx" RENAME TO "contacts_tenant_id_stage_id_updated_at_idx";

-- conversations (assigned_user_id): readers are the inbox's "mine" filter (`assigned_user_id = $1`)
-- and the user's ON DELETE SET NULL foreign key (`assigned_user_id = $1`), which imply the predicate.
-- "Unassigned" (`IS NULL`) is most conversations: the inbox reads it by tenant and last message.
DROP INDEX CONCURRENTLY IF EXISTS "conversations_assigned_user_id_partial_idx";
CREATE INDEX CONCURRENTLY "conversations_assigned_user_id_partial_idx"
  ON "conversations"("assigned_user_id") WHERE assigned_user_id IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "conversations_assigned_user_id_idx";
ALTER INDEX "conversations_assigned_user_id_partial_idx" RENAME TO "conversations_assigned_user_id_idx";
