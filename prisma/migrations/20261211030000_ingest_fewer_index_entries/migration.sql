-- leadline:no-transaction
-- Issue 21, tenth round (ingest's write): two indexes written by every webhook that creates a contact
-- leave NULLs out. A new contact has no pipeline stage and its new conversation nobody assigned, so
-- each wrote one index entry that no query reads (WAL of an ingest transaction, pg_walinspect:
-- 19.9 -> 17.9 B-tree leaf inserts per new-contact webhook; ingest-index-entries.int-spec.ts).
-- Built as 20261209020100_messages_partial_indexes: CONCURRENTLY, one statement at a time outside a
-- transaction (docs/data-model.md, "no-transaction migration"), each new index under a temporary name
-- beside the old one, which serves until it is dropped; every statement can run again after a failure
-- (the DROP before each build removes an INVALID index a failed concurrent build left behind).

-- contacts (tenant_id, stage_id, updated_at DESC): the pipeline board's columns. Readers: the board's
-- cards and counts (`stage_id = $1`, `stage_id IS NOT NULL` for the per-stage counts), which imply the
-- predicate. The "no stage" filters (contacts list `stage=none`, segments) match most of a tenant's
-- contacts and read the list's own sort index (or the tenant's rows) either way.
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
