import type { PrismaClient } from '@leadline/database';
import { defineQueue, FEEDER_IDLE, PollLoop, type PollLoopIdle } from '@leadline/ops';
import type { SecretBox } from '@leadline/secrets';
import type { Queue } from 'bullmq';
import { claimDueDeliveries, deliveryJobSchema, REQUEUE_AFTER_MS, type DeliveryOptions } from './delivery';

/**
 * The `webhooks` queue, defined once: the worker app's @Processor and the non-Nest dispatcher both
 * take their options and job schema from here. One attempt per job (BullMQ's default): a delivery's
 * retries are scheduled in PostgreSQL (next_attempt_at), not by BullMQ.
 */
export const webhooksQueue = defineQueue({
  name: 'webhooks',
  jobName: 'deliver',
  schema: deliveryJobSchema,
  worker: { concurrency: 8 },
  jobs: { removeOnComplete: true, removeOnFail: true },
});
export const WEBHOOK_QUEUE = webhooksQueue.name;

/** What the attempts need (DeliveryOptions) and how the feeder polls. */
export interface OutboundEventsOptions {
  prisma: PrismaClient;
  box: SecretBox;
  /** How often due deliveries are looked for. */
  pollMs?: number;
  /** How polling slows down at rest (PollLoop; FEEDER_IDLE by default), or false for never. */
  idle?: PollLoopIdle | false;
  timeoutMs?: number;
  allowPrivateNetworks?: boolean;
  maxAttempts?: number;
  backoffBaseMs?: number;
  requeueAfterMs?: number;
  now?: () => Date;
  onError?: (error: unknown, context: string) => void;
}

/** What attemptDelivery (the job handler) needs, from the options. */
export function deliveryOptions(options: OutboundEventsOptions): DeliveryOptions {
  return {
    prisma: options.prisma,
    box: options.box,
    now: () => options.now?.() ?? new Date(),
    timeoutMs: options.timeoutMs ?? 10_000,
    allowPrivateNetworks: options.allowPrivateNetworks ?? false,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
  };
}

/**
 * Feeds the `webhooks` queue. PostgreSQL holds each delivery's state and schedule (so nothing is lost
 * with Redis); every poll moves due deliveries onto the queue, whose workers, in any number of
 * processes, make the attempts.
 */
export class OutboundEventsFeeder {
  private readonly loop: PollLoop;

  constructor(
    private readonly options: OutboundEventsOptions,
    private readonly queue: Pick<Queue, 'add'>,
  ) {
    this.loop = new PollLoop(
      () => this.poll(),
      options.pollMs ?? 1_000,
      (error) => options.onError?.(error, 'queueing due webhook deliveries'),
      options.idle === false ? undefined : (options.idle ?? FEEDER_IDLE),
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Queues what is due; public so tests and tools can drive it without waiting for the timer. */
  async poll(): Promise<number> {
    const due = await claimDueDeliveries(
      this.options.prisma,
      this.options.now?.() ?? new Date(),
      200,
      this.options.requeueAfterMs ?? REQUEUE_AFTER_MS,
    );
    for (const { attempt, ...job } of due) {
      await this.queue.add(webhooksQueue.jobName, job, {
        ...webhooksQueue.jobs,
        // One job per attempt; a re-queued (lost) attempt reuses the id, so it never runs twice at once.
        jobId: `webhook.${job.deliveryId}.${attempt}`,
      });
    }
    return due.length;
  }

  /** Stops polling; a poll in progress may finish within `timeoutMs`. */
  stop(timeoutMs: number): Promise<void> {
    return this.loop.stop(timeoutMs);
  }
}
