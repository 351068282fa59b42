import { QueueBinding } from '@leadline/ops';
import type { ConnectionOptions } from 'bullmq';
import { attemptDelivery, type DeliveryJob } from './delivery';
import { deliveryOptions, OutboundEventsFeeder, webhooksQueue, type OutboundEventsOptions } from './queue';

export interface DispatcherOptions extends OutboundEventsOptions {
  redis: ConnectionOptions;
  /** Redis key prefix of the queue (tests use their own). */
  queuePrefix?: string;
  concurrency?: number;
}

/**
 * Outbound events without Nest (tests, tools): the feeder and the `webhooks` queue's worker in one
 * object. The worker app registers the same queue with @nestjs/bullmq instead
 * (apps/worker/src/modules/outbound-events).
 */
export class OutboundEventsDispatcher {
  private readonly binding: QueueBinding<DeliveryJob>;
  private readonly feeder: OutboundEventsFeeder;

  constructor(private readonly options: DispatcherOptions) {
    this.binding = new QueueBinding(webhooksQueue, {
      connection: options.redis,
      prefix: options.queuePrefix,
      worker: options.concurrency ? { concurrency: options.concurrency } : {},
      label: 'webhook delivery',
      onError: options.onError,
    });
    this.feeder = new OutboundEventsFeeder(options, this.binding.queue);
  }

  start(): void {
    const attempt = deliveryOptions(this.options);
    this.binding.startWorker((job) => attemptDelivery(attempt, job));
    this.feeder.start();
  }

  /** Queues what is due; public so tests and tools can drive it without waiting for the timer. */
  poll(): Promise<number> {
    return this.feeder.poll();
  }

  /**
   * Stops polling and lets running attempts finish within `timeoutMs`; after that (or when Redis is
   * unreachable and a clean close cannot happen) connections are cut. An interrupted attempt is
   * queued again once its mark goes stale.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.feeder.stop(timeoutMs);
    await this.binding.close(timeoutMs);
  }
}
