-- Issue 21, fifth round: due timers are fired from PostgreSQL in batches by the worker's timer poller
-- (libs/engine/src/timer-poller.ts, statement ll_fire_due_timers_v1 in sql/timer-statements.ts)
-- instead of one BullMQ delayed job each (docs/performance.md, "Issue 21, fifth round: timers fired
-- from PostgreSQL").
--
-- enqueued_at: when the poller put the timer's `timer` event in its contact's inbox (the claim's own
-- mark, in the statement that appends the event). fired_at keeps its meaning: when the contact's
-- worker applied the timer to its run (the firing delay is still fired_at - due_at).
ALTER TABLE "run_timers" ADD COLUMN "enqueued_at" TIMESTAMPTZ(6);

-- The poller's scan: due timers not yet claimed, oldest first. Only unclaimed pending timers are in
-- it, so a backlog of claimed timers whose events wait for their contact's worker is never read
-- again (run_timers_pending_idx still holds them until they are applied). Timers fired before this
-- migration have fired_at set and stay out without a backfill.
CREATE INDEX "run_timers_due_idx" ON "run_timers"("due_at")
  WHERE enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL;
