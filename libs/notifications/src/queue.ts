import type { PrismaClient } from '@leadline/database';
import { defineQueue, FEEDER_IDLE, PollLoop, type PollLoopIdle } from '@leadline/ops';
import type { Queue } from 'bullmq';
import { collectChannelAlerts } from './channel-alerts';
import { notificationJobSchema, type DeliverOptions, type NotificationJob } from './deliver';
import { fanOutEvents } from './fan-out';
import type { MailSender, PushSender } from './senders';

/**
 * The `notifications` queue, defined once: the worker app's @Processor and the non-Nest dispatcher
 * both take their options and job schema from here. One attempt per job: a delivery's retries are
 * scheduled in PostgreSQL (next_attempt_at), not by BullMQ.
 */
export const notificationsQueue = defineQueue({
  name: 'notifications',
  jobName: 'notify',
  schema: notificationJobSchema,
  worker: { concurrency: 4 },
  jobs: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
});
export const NOTIFICATIONS_QUEUE = notificationsQueue.name;

/** A queued delivery whose job has not started after this long was lost (Redis, a crash): queue it again. */
export const NOTIFICATION_REQUEUE_AFTER_MS = 120_000;
/** A claimed delivery still `sending` after this long was interrupted mid-send: recorded, never re-sent. */
export const INTERRUPTED_AFTER_MS = 600_000;

/** What the attempts need (DeliverOptions) and how the feeder polls. */
export interface NotificationsOptions {
  prisma: PrismaClient;
  mail?: MailSender;
  push?: PushSender;
  appUrl: string;
  pollMs?: number;
  /** How polling slows down at rest (PollLoop; FEEDER_IDLE by default), or false for never. */
  idle?: PollLoopIdle | false;
  maxAttempts?: number;
  backoffBaseMs?: number;
  requeueAfterMs?: number;
  interruptedAfterMs?: number;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
}

/** What attemptNotification (the job handler) needs, from the options. */
export function deliverOptions(options: NotificationsOptions): DeliverOptions {
  return {
    prisma: options.prisma,
    appUrl: options.appUrl,
    now: () => options.now?.() ?? new Date(),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.push ? { push: options.push } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
  };
}

/**
 * Feeds the `notifications` queue. PostgreSQL holds each delivery's state and schedule (nothing is
 * lost with Redis): every poll turns channel alerts into events, fans new events out into
 * deliveries, records interrupted ones and moves due ones onto the queue, whose workers (in any
 * number of worker processes) make the attempts. Nothing here runs inside the engine's
 * transactions: the engine only records events.
 */
export class NotificationsFeeder {
  private readonly loop: PollLoop;

  constructor(
    private readonly options: NotificationsOptions,
    private readonly queue: Pick<Queue, 'add'>,
  ) {
    this.loop = new PollLoop(
      () => this.poll(),
      options.pollMs ?? 1_000,
      (error) => options.onError?.(error, 'queueing notifications'),
      options.idle === false ? undefined : (options.idle ?? FEEDER_IDLE),
    );
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  start(): void {
    this.loop.start();
  }

  /** Turns channel alerts into events, fans out new events, records interrupted sends and queues what is due; public for tests and tools. */
  async poll(): Promise<number> {
    const now = this.now();
    await collectChannelAlerts(this.options.prisma, now);
    await fanOutEvents(this.options.prisma, now);
    await this.recordInterrupted(now);
    const due = await this.claimDue(now);
    for (const { queuedAt, ...job } of due) {
      await this.queue.add(notificationsQueue.jobName, job satisfies NotificationJob, {
        ...notificationsQueue.jobs,
        // One job per delivery and queueing; a re-queued (lost) one gets a new id but finds the row claimed.
        jobId: `notify.${job.deliveryId}.${queuedAt}`,
      });
    }
    return due.length;
  }

  /** Marks due pending deliveries queued (or re-queues ones whose mark went stale). System client: every tenant. */
  private async claimDue(now: Date): Promise<Array<NotificationJob & { queuedAt: number }>> {
    const stale = new Date(now.getTime() - (this.options.requeueAfterMs ?? NOTIFICATION_REQUEUE_AFTER_MS));
    const rows = await this.options.prisma.$queryRaw<Array<{ id: string; tenant_id: string }>>`
      UPDATE notification_deliveries SET queued_at = ${now}
      WHERE id IN (
        SELECT id FROM notification_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (queued_at IS NULL OR queued_at < ${stale})
        ORDER BY next_attempt_at LIMIT 200 FOR UPDATE SKIP LOCKED)
      RETURNING id, tenant_id`;
    return rows.map((row) => ({ tenantId: row.tenant_id, deliveryId: row.id, queuedAt: now.getTime() }));
  }

  /** A send that never reported back: the process died mid-send. Recorded as such, never retried. */
  private async recordInterrupted(now: Date): Promise<void> {
    const before = new Date(now.getTime() - (this.options.interruptedAfterMs ?? INTERRUPTED_AFTER_MS));
    await this.options.prisma.$executeRaw`
      UPDATE notification_deliveries
      SET status = 'failed', last_error = 'interrupted while sending; not retried, so it is never sent twice'
      WHERE status = 'sending' AND claimed_at < ${before}`;
  }

  /** Stops polling; a poll in progress may finish within `timeoutMs`. */
  stop(timeoutMs: number): Promise<void> {
    return this.loop.stop(timeoutMs);
  }
}
