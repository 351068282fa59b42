import type { PrismaClient } from '@leadline/database';
import { closeQueues, MalformedJobError, parseJobData, settlesWithin } from '@leadline/ops';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { collectChannelAlerts } from './channel-alerts';
import {
  attemptNotification,
  notificationJobSchema,
  type DeliverOptions,
  type NotificationJob,
} from './deliver';
import { fanOutEvents } from './fan-out';
import type { MailSender, PushSender } from './senders';

export const NOTIFICATIONS_QUEUE = 'notifications';

/** A queued delivery whose job has not started after this long was lost (Redis, a crash): queue it again. */
export const NOTIFICATION_REQUEUE_AFTER_MS = 120_000;
/** A claimed delivery still `sending` after this long was interrupted mid-send: recorded, never re-sent. */
export const INTERRUPTED_AFTER_MS = 600_000;

export interface NotificationsDispatcherOptions {
  prisma: PrismaClient;
  redis: ConnectionOptions;
  mail?: MailSender;
  push?: PushSender;
  appUrl: string;
  queuePrefix?: string;
  pollMs?: number;
  concurrency?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  requeueAfterMs?: number;
  interruptedAfterMs?: number;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Delivers notifications. PostgreSQL holds each delivery's state and schedule (nothing is lost with
 * Redis); a poller fans new events out into deliveries, records interrupted ones, and moves due ones
 * onto the `notifications` BullMQ queue, whose workers (in any number of worker processes) make the
 * attempts. Nothing here runs inside the engine's transactions: the engine only records events.
 */
export class NotificationsDispatcher {
  private readonly queue: Queue;
  private worker?: Worker;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: NotificationsDispatcherOptions) {
    this.queue = new Queue(NOTIFICATIONS_QUEUE, { connection: options.redis, prefix: this.prefix });
    this.queue.on('error', () => undefined);
  }

  private get prefix(): string {
    return this.options.queuePrefix ?? 'leadline';
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private deliverOptions(): DeliverOptions {
    const { options } = this;
    return {
      prisma: options.prisma,
      appUrl: options.appUrl,
      now: () => this.now(),
      ...(options.mail ? { mail: options.mail } : {}),
      ...(options.push ? { push: options.push } : {}),
      ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
      ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
    };
  }

  start(): void {
    this.worker = new Worker(
      NOTIFICATIONS_QUEUE,
      async (job) => attemptNotification(this.deliverOptions(), parseJobData(notificationJobSchema, job)),
      { connection: this.options.redis, prefix: this.prefix, concurrency: this.options.concurrency ?? 4 },
    );
    this.worker.on('error', (error) => this.options.onError?.(error, 'notification worker'));
    this.worker.on('failed', (_job, error) =>
      this.options.onError?.(
        error,
        error instanceof MalformedJobError ? 'malformed job' : 'notification job',
      ),
    );
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll()
        .then(() => undefined)
        .catch((error) => this.options.onError?.(error, 'queueing notifications'))
        .finally(() => this.schedule());
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Turns channel alerts into events, fans out new events, records interrupted sends and queues what is due; public for tests and tools. */
  async poll(): Promise<number> {
    const now = this.now();
    await collectChannelAlerts(this.options.prisma, now);
    await fanOutEvents(this.options.prisma, now);
    await this.recordInterrupted(now);
    const due = await this.claimDue(now);
    for (const job of due) {
      await this.queue.add('notify', job satisfies NotificationJob, {
        // One job per delivery and queueing; a re-queued (lost) one gets a new id but finds the row claimed.
        jobId: `notify.${job.deliveryId}.${job.queuedAt}`,
        removeOnComplete: true,
        removeOnFail: true,
        attempts: 1,
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

  /** Stops polling and lets running attempts finish within `timeoutMs`, then cuts connections. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await settlesWithin(this.polling ?? Promise.resolve(), timeoutMs);
    // With Redis unreachable a clean close can only time out: closeQueues cuts the connections at once.
    await closeQueues(this.worker ? [this.worker] : [], [this.queue], { timeoutMs });
    this.options.mail?.close?.();
  }
}
