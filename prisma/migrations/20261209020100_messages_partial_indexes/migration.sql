-- leadline:no-transaction
-- Issue 21, eighth round (with 20261209020000_fewer_index_entries_per_step): two indexes of messages
-- leave NULLs out. Built CONCURRENTLY, one statement at a time outside a transaction
-- (docs/data-model.md, "no-transaction migration"): writes to messages go on while they build. Each
-- new index is built under a temporary name beside the old one, which serves until it is dropped;
-- then the new one takes the old name. Every statement can run again after a failure: a failed
-- concurrent build leaves an INVALID "..._partial_..." index behind, which the DROP before each build
-- removes (IF NOT EXISTS alone would keep it, and the rename would then put an index that enforces
-- nothing in the old one's place).

-- messages.run_id: only a flow's outbound messages have a run; inbound ones (one per step) wrote a
-- NULL entry. Readers: the run's ON DELETE SET NULL foreign key (`run_id = $1`), the run's messages.
DROP INDEX CONCURRENTLY IF EXISTS "messages_run_id_partial_idx";
CREATE INDEX CONCURRENTLY "messages_run_id_partial_idx" ON "messages"("run_id") WHERE run_id IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "messages_run_id_idx";
ALTER INDEX "messages_run_id_partial_idx" RENAME TO "messages_run_id_idx";

-- messages (tenant_id, idempotency_key): inbound messages have no idempotency key (one NULL entry per
-- step). Unique as before (NULL keys never conflicted). ON CONFLICT targets name the predicate to
-- infer the index (dispatch-batch.ts); lookups by key (`idempotency_key = $2`) imply it. It was
-- messages' only tenant-led index: the tenant cascade (deleting a tenant; no product path does) now
-- scans messages instead of reading an index of every row for it.
-- libs/database/test/tenant-isolation.int-spec.ts still finds an index led by tenant_id.
DROP INDEX CONCURRENTLY IF EXISTS "messages_tenant_id_idempotency_key_partial_key";
CREATE UNIQUE INDEX CONCURRENTLY "messages_tenant_id_idempotency_key_partial_key"
  ON "messages"("tenant_id", "idempotency_key") WHERE idempotency_key IS NOT NULL;
DROP INDEX CONCURRENTLY IF EXISTS "messages_tenant_id_idempotency_key_key";
ALTER INDEX "messages_tenant_id_idempotency_key_partial_key" RENAME TO "messages_tenant_id_idempotency_key_key";
