-- leadline:no-transaction
-- Issue 21, eleventh round: the metrics scrape's handoff count (libs/engine/src/state-snapshot.ts
-- readHandoffs: `status = 'handoff' AND assigned_user_id IS NULL`, across tenants) read the whole
-- conversations table at every scrape: at 100,000 conversations a sequential scan of 1,640 pages
-- (99,200 rows filtered out, 17.5 ms); through this index, the waiting conversations only (800 rows
-- read, 1.6 ms, most of it their runs' lookups; the index is two pages). Only conversations handed
-- over and not taken have an entry: a new conversation (open) writes none, nor does a step's update
-- of an open conversation (index-entries-per-step.int-spec.ts and ingest-index-entries.int-spec.ts
-- unchanged). What it costs: `status` is now in an index predicate, so an update that changes the
-- status (a handoff, a close, a reopen) is no longer HOT; those are a conversation's rare turns, not
-- its steps. Keyed by id, which no writer changes: a key on updated_at (as this migration first had
-- it, never released) would have made updated_at an indexed column, and every update that sets it
-- (a step's, a handoff's) no longer HOT; no query needs the order (the count reads every entry).
-- Built CONCURRENTLY outside a transaction (docs/data-model.md, "no-transaction migration"): the DROP
-- first removes an INVALID index a failed build left behind, so the migration can run again.
DROP INDEX CONCURRENTLY IF EXISTS "conversations_handoff_waiting_idx";
CREATE INDEX CONCURRENTLY "conversations_handoff_waiting_idx" ON "conversations"("id")
  WHERE status = 'handoff' AND assigned_user_id IS NULL;
