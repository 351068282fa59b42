-- Issue 21, eighth round: fewer B-tree entries written per conversation step (docs/performance.md,
-- "Issue 21, eighth round: fewer index entries per step"; measured with
-- `npm run -s bench -- conversation-step --pg-stats`: Btree/INSERT_LEAF was 45.65 of 73.4 WAL records
-- per step). A row whose indexed column is NULL still writes a B-tree entry (NULLs are indexed); a
-- partial index that leaves NULLs out writes none for it. Every reader named here and in the next
-- migration asks for `column = value`, which implies IS NOT NULL, so the planner still chooses these
-- indexes.
--
-- The two messages indexes that now leave NULLs out are rebuilt concurrently, in the no-transaction
-- migration that follows (20261209020100_messages_partial_indexes), so that writes to messages do not
-- wait while they build. This part builds nothing.

-- run_events: each trace row (2 per step) wrote 4 entries: the primary key (id), the unique (run_id,
-- seq), (flow_version_id, node_id) and (tenant_id, run_id, seq). Nothing looks a trace row up by id
-- (retention now deletes by (run_id, seq); libs/data-rights/src/apply-retention.ts), while (run_id,
-- seq) is what every reader uses: the trace's "last seq of this run" (PERSIST_STEP(S),
-- persist-transition.ts), a run's trace in order (run.repository.ts), the run's ON DELETE CASCADE,
-- contact erasure, flow analytics' join by run. So (run_id, seq) becomes the primary key, using its
-- existing unique index (renamed to run_events_pkey: no build, no scan, run_id and seq are NOT NULL),
-- and the id index goes. id keeps its column and default (the run's detail returns whole rows). The
-- tenant-led (tenant_id, run_id, seq) index stays: the tenant cascade and the lookup under row-level
-- security.
ALTER TABLE "run_events" DROP CONSTRAINT "run_events_pkey";
ALTER TABLE "run_events" ADD CONSTRAINT "run_events_pkey" PRIMARY KEY USING INDEX "run_events_run_id_seq_key";

-- messages: more room per page for the updates of a message's first seconds (the answer, the `sent`
-- and `delivered` statuses, the read mark: about 3 per step) to stay HOT. At fillfactor 85 (migration
-- 20261206200000_hot_table_write_cost) 57-58 % of them were HOT in the bench, at 70 64-65 %, out of
-- at most ~68 % (the answer's update sets provider_message_id, an indexed column: never HOT); each
-- update kept on its page writes no index entry instead of 6. It applies to pages written from now on
-- (no rewrite); the cost is ~20 % more heap pages for new messages.
ALTER TABLE "messages" SET (fillfactor = 70);
