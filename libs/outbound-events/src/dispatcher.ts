import type { PrismaClient } from '@leadline/database';
import { closeQueues, MalformedJobError, parseJobData, settlesWithin } from '@leadline/ops';
import type { SecretBox } from '@leadline/secrets';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { attemptDelivery, claimDueDeliveries, deliveryJobSchema, REQUEUE_AFTER_MS } from './delivery';

export const WEBHOOK_QUEUE = 'webhooks';

export interface DispatcherOptions {
  prisma: PrismaClient;
  redis: ConnectionOptions;
  box: SecretBox;
  /** Redis key prefix of the queue (tests use their own). */
  queuePrefix?: string;
  /** How often due deliveries are looked for. */
  pollMs?: number;
  concurrency?: number;
  timeoutMs?: number;
  allowPrivateNetworks?: boolean;
  maxAttempts?: number;
  backoffBaseMs?: number;
  requeueAfterMs?: number;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
}

/**
 * Delivers outbound events. PostgreSQL holds each delivery's state and schedule (so nothing is lost
 * with Redis); a poller moves due deliveries onto a BullMQ queue, and the queue's workers, in any
 * number of processes, make the attempts.
 */
export class OutboundEventsDispatcher {
  private readonly queue: Queue;
  private worker?: Worker;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.queue = new Queue(WEBHOOK_QUEUE, { connection: options.redis, prefix: this.prefix });
    this.queue.on('error', () => undefined);
  }

  private get prefix(): string {
    return this.options.queuePrefix ?? 'leadline';
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  start(): void {
    const { options } = this;
    this.worker = new Worker(
      WEBHOOK_QUEUE,
      async (job) => {
        await attemptDelivery(
          {
            prisma: options.prisma,
            box: options.box,
            now: () => this.now(),
            timeoutMs: options.timeoutMs ?? 10_000,
            allowPrivateNetworks: options.allowPrivateNetworks ?? false,
            ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
            ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
          },
          parseJobData(deliveryJobSchema, job),
        );
      },
      { connection: options.redis, prefix: this.prefix, concurrency: options.concurrency ?? 8 },
    );
    this.worker.on('error', (error) => options.onError?.(error, 'webhook delivery worker'));
    this.worker.on('failed', (_job, error) =>
      options.onError?.(error, error instanceof MalformedJobError ? 'malformed job' : 'webhook delivery job'),
    );
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.polling = this.poll()
        .then(() => undefined)
        .catch((error) => this.options.onError?.(error, 'queueing due webhook deliveries'))
        .finally(() => this.schedule());
    }, this.options.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Queues what is due; public so tests and tools can drive it without waiting for the timer. */
  async poll(): Promise<number> {
    const due = await claimDueDeliveries(
      this.options.prisma,
      this.now(),
      200,
      this.options.requeueAfterMs ?? REQUEUE_AFTER_MS,
    );
    for (const { attempt, ...job } of due) {
      await this.queue.add('deliver', job, {
        // One job per attempt; a re-queued (lost) attempt reuses the id, so it never runs twice at once.
        jobId: `webhook.${job.deliveryId}.${attempt}`,
        removeOnComplete: true,
        removeOnFail: true,
      });
    }
    return due.length;
  }

  /**
   * Stops polling and lets running attempts finish within `timeoutMs`; after that (or when Redis is
   * unreachable and a clean close cannot happen) connections are cut. An interrupted attempt is
   * queued again once its mark goes stale.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await settlesWithin(this.polling ?? Promise.resolve(), timeoutMs);
    // With Redis unreachable a clean close can only time out: closeQueues cuts the connections at once.
    await closeQueues(this.worker ? [this.worker] : [], [this.queue], { timeoutMs });
  }
}
