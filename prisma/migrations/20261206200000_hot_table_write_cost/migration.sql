-- Issue 21, third round: less PostgreSQL work per conversation step (docs/performance.md, "Issue 21,
-- third round: PostgreSQL's share"; measured with `npm run -s bench -- conversation-step --pg-stats`).

-- contact_events: one row per inbound message, written and then marked processed (a non-HOT update:
-- processed_at is indexed) on every step, so each of its indexes costs an entry twice per step.
-- tenant_id alone is the leading column of the unique (tenant_id, dedupe_key) index, which serves a
-- lookup by tenant and the tenant foreign key's cascade just as well: the single-column index was
-- never scanned (pg_stat_user_indexes over a bench run) and only written.
DROP INDEX IF EXISTS "contact_events_tenant_id_idx";

-- Rows updated again soon after they are written. An update that changes no indexed column is HOT
-- (no index entry written, old version pruned on the page) only when the new version fits on the same
-- page; at the default fillfactor (100) a freshly filled page has no room left and the update moves
-- the row, writing every index. The free space applies to pages written from now on.
--  * flow_runs: its state is rewritten on every step (one update per step, no indexed column changes).
--  * messages: an outbound message is updated 3-4 times in its first seconds (send claim, provider
--    answer, sent and delivered statuses), an inbound one once (read receipt).
ALTER TABLE "flow_runs" SET (fillfactor = 80);
ALTER TABLE "messages" SET (fillfactor = 85);
