import type { PrismaClient } from '@leadline/database';
import { jobId, type Clock, type JobQueue } from './engine-ports';
import type { DataLossDetector } from './redis-epoch';
import { toJobs, type OutboxRow } from './outbox-relay';

/** Work older than this is assumed lost (a crash between commit and enqueue, or a Redis restart). */
export const STALE_AFTER_MS = 5_000;

/**
 * How far back start-up looks for published sends and activities whose job may have gone with Redis.
 * A send job gives up within about 4 hours (50 attempts, backoff capped at 5 minutes) and an activity
 * job within minutes, so older rows stand for no job that could still be waiting in a queue.
 */
export const REPUBLISH_HORIZON_MS = 6 * 3_600_000;

/**
 * The engine's safety net, run at start-up and every few seconds. It uses the system client: it looks
 * across tenants only for ids, and all work on them happens per tenant.
 * - contacts with unapplied events get a job again (this also wakes the contacts of timers whose
 *   events the timer poller appended when its wake-up did not reach Redis);
 * - tenants with unpublished outbox rows are published again;
 * Timers are not its business since issue 21's fifth round: they are fired from PostgreSQL by the
 * timer poller (timer-poller.ts), which depends on nothing in Redis.
 * - at start-up (rearmAll), published sends whose messages are still queued and activities without a
 *   result are published again: their jobs were lost if Redis was flushed or restarted empty. Job ids
 *   come from the outbox rows, so the queue ignores the ones it still holds.
 * - while running, the same full republish happens as soon as Redis is seen to have lost its data
 *   (the epoch sentinel is gone, or a running job's keys were), without waiting for a restart.
 */
export class Sweeper {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly publish: (tenantId: string) => Promise<unknown>,
    private readonly epoch?: DataLossDetector,
  ) {}

  /**
   * `rearmAll`: start-up's full republish of sends and activities whose jobs Redis may have lost.
   * `jobsLost`: running jobs found their keys gone in Redis (isLostJobError), so a full republish
   * too, whether or not the sentinel went with them.
   */
  async sweep(options: { rearmAll?: boolean; jobsLost?: boolean } = {}): Promise<{
    contacts: number;
    tenants: number;
    republished: number;
    redisDataLost: boolean;
  }> {
    // At start-up the sentinel is written (if missing) along with the full re-arm; later, finding it
    // missing means Redis lost what it held, and this sweep becomes a full re-arm.
    const claimed = (await this.epoch?.claimLoss()) ?? false;
    const rearmAll = (options.rearmAll ?? false) || (options.jobsLost ?? false) || claimed;
    try {
      const result = await this.run(rearmAll);
      return { ...result, redisDataLost: claimed && !options.rearmAll };
    } catch (error) {
      // Not everything was republished: let the next sweep claim the loss again.
      if (claimed) await this.epoch?.forget().catch(() => undefined);
      throw error;
    }
  }

  private async run(rearmAll: boolean): Promise<{ contacts: number; tenants: number; republished: number }> {
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
    const contactsBefore = rearmAll ? staleBefore : await this.horizon('contacts', staleBefore);
    const contacts = await this.prisma.$queryRaw<Array<{ tenant_id: string; contact_id: string }>>`
      SELECT DISTINCT tenant_id, contact_id FROM contact_events
      WHERE processed_at IS NULL AND created_at < ${contactsBefore} LIMIT 1000`;
    for (const row of contacts) {
      // One sweep job per contact at a time: a job that was only slow must not be joined by another
      // at every sweep.
      await this.queue.add({
        queue: 'contacts',
        id: jobId('sweep', row.contact_id, String(now.getTime())),
        data: { tenantId: row.tenant_id, contactId: row.contact_id },
        onceWhileQueued: jobId('sweep', row.contact_id),
      });
    }
    const tenants = await this.prisma.$queryRaw<Array<{ tenant_id: string }>>`
      SELECT DISTINCT tenant_id FROM outbox WHERE published_at IS NULL AND created_at < ${staleBefore}`;
    for (const row of tenants) await this.publish(row.tenant_id);
    const republished = rearmAll ? await this.republishPending(now) : 0;
    return { contacts: contacts.length, tenants: tenants.length, republished };
  }

  /**
   * Work older than this may be lost: older than STALE_AFTER_MS, and older than the oldest job still
   * waiting in its queue. A queue is first in, first out, so work newer than its oldest waiting job is
   * most likely waiting behind it (timers falling due faster than workers apply them), not lost:
   * sweeping it would only add to the backlog. Work older than that whose job is gone is recovered,
   * at the latest once the backlog is worked off.
   */
  private async horizon(queue: 'contacts', staleBefore: Date): Promise<Date> {
    const oldest = await this.queue.oldestWaitingSince(queue);
    if (oldest === undefined) return staleBefore;
    return new Date(Math.min(staleBefore.getTime(), oldest - STALE_AFTER_MS));
  }

  private async republishPending(now: Date): Promise<number> {
    const since = new Date(now.getTime() - REPUBLISH_HORIZON_MS);
    const rows = await this.prisma.$queryRaw<Array<OutboxRow & { tenant_id: string }>>`
      SELECT o.id, o.tenant_id, o.kind, o.payload FROM outbox o
      WHERE o.published_at >= ${since}
        AND ((o.kind = 'send' AND EXISTS (
               SELECT 1 FROM messages m
               WHERE m.id IN (SELECT jsonb_array_elements_text(o.payload->'messageIds')::uuid)
                 AND m.status = 'queued'))
          OR (o.kind = 'activity'
             AND NOT EXISTS (
               SELECT 1 FROM contact_events e
               WHERE e.tenant_id = o.tenant_id AND e.dedupe_key = 'activity.' || (o.payload->>'requestId'))
             AND EXISTS (
               SELECT 1 FROM flow_runs r
               WHERE r.id = (o.payload->>'runId')::uuid AND r.status IN ('running', 'waiting'))))
      ORDER BY o.id LIMIT 100000`;
    for (const row of rows) for (const job of toJobs(row.tenant_id, [row])) await this.queue.add(job);
    return rows.length;
  }
}
