-- Issue 21, fourth round: fewer index entries written per conversation step (docs/performance.md,
-- "Issue 21, fourth round: fewer index writes per step"; measured with
-- `npm run -s bench -- conversation-step --pg-stats`). Each statement below drops index entries that
-- a step wrote and nothing read; what still reads each index is named beside it.

-- messages: the send claim's "earlier message of this run still queued" check keyed the partial index
-- on status, so every status change (the provider's "sent", then "delivered" and "read") touched a
-- column of an index predicate and could never be a HOT update: each wrote all 7 index entries again.
-- A message leaves "queued" by the provider's answer, which sets provider_message_id in the same
-- update (send-messages.ts recordAnswer), or by failing, which sets failed_at in the same update;
-- provider_message_id is already in the unique (channel_id, provider_message_id) index, and failed_at
-- changes once in a message's life. Keyed on those two, the index holds every queued message (and
-- transiently one a status webhook moved on before the answer arrived), while "delivered" and "read"
-- change no indexed column and can stay on their page. The claim's check and the campaign backlog
-- count ask for both columns as well as status = 'queued' (hot-statements.ts ll_send_claim_v1,
-- send-messages.ts lockForSend, dispatch-batch.ts), so they still imply the predicate and read this
-- index (libs/engine/test/pending-work-indexes.int-spec.ts).
DROP INDEX IF EXISTS "messages_queued_idx";
CREATE INDEX "messages_queued_idx" ON "messages"("run_id") WHERE provider_message_id IS NULL AND failed_at IS NULL;

-- run_events: 5 index entries and 4 foreign-key checks per trace row. flow_id's foreign key cascades a
-- flow's deletion, but deleting a flow already deletes its runs (flow_runs.flow_id) and its versions
-- (flow_versions.flow_id), and each of those deletes the trace through run_id (the unique
-- (run_id, seq) index) and flow_version_id (the (flow_version_id, node_id) index). flow_id is always
-- the run's flow (persist-transition.ts copies it from the run row). No query filters run_events by
-- flow_id (flow analytics select runs by version and join their trace by run_id), so its index served
-- only that cascade. tenant_id keeps its foreign key and index (every tenant table has both;
-- libs/database/test/tenant-isolation.int-spec.ts).
ALTER TABLE "run_events" DROP CONSTRAINT IF EXISTS "run_events_flow_id_fkey";
DROP INDEX IF EXISTS "run_events_flow_id_idx";

-- outbox: published_at was indexed for every row, unpublished ones too (as NULL). Its readers (the
-- retention purge, the sweeper's re-publish window, the Temporal hand-over) all ask for a published_at
-- range, which implies IS NOT NULL; a new row, unpublished, now writes no entry here.
DROP INDEX IF EXISTS "outbox_published_at_idx";
CREATE INDEX "outbox_published_at_idx" ON "outbox"("published_at") WHERE published_at IS NOT NULL;
