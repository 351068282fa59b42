-- Partial indexes for the embedded engine's scans of work still to do. Each covers only the rows that
-- are pending (a small, moving set), so they stay small however long the history grows, and the
-- sweeper's scans every 2 s no longer read the whole table.

-- Sweeper: contacts with unapplied inbox events older than a few seconds.
CREATE INDEX "contact_events_unprocessed_idx" ON "contact_events"("created_at") WHERE processed_at IS NULL;

-- Outbox relay (per tenant, in id order) and the sweeper (tenants with unpublished rows).
CREATE INDEX "outbox_unpublished_idx" ON "outbox"("tenant_id", "id") WHERE published_at IS NULL;

-- Sweeper: overdue timers, and every pending timer when re-arming.
CREATE INDEX "run_timers_pending_idx" ON "run_timers"("due_at") WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- Send jobs: an earlier message of the same run still queued (per-run send order).
CREATE INDEX "messages_queued_idx" ON "messages"("run_id") WHERE status = 'queued';
