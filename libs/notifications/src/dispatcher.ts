import { QueueBinding } from '@leadline/ops';
import type { ConnectionOptions } from 'bullmq';
import { attemptNotification, type NotificationJob } from './deliver';
import { deliverOptions, NotificationsFeeder, notificationsQueue, type NotificationsOptions } from './queue';

export interface NotificationsDispatcherOptions extends NotificationsOptions {
  redis: ConnectionOptions;
  queuePrefix?: string;
  concurrency?: number;
}

/**
 * Notifications without Nest (tests, tools): the feeder and the `notifications` queue's worker in one
 * object. The worker app registers the same queue with @nestjs/bullmq instead
 * (apps/worker/src/modules/notifications).
 */
export class NotificationsDispatcher {
  private readonly binding: QueueBinding<NotificationJob>;
  private readonly feeder: NotificationsFeeder;

  constructor(private readonly options: NotificationsDispatcherOptions) {
    this.binding = new QueueBinding(notificationsQueue, {
      connection: options.redis,
      prefix: options.queuePrefix,
      worker: options.concurrency ? { concurrency: options.concurrency } : {},
      label: 'notification',
      onError: options.onError,
    });
    this.feeder = new NotificationsFeeder(options, this.binding.queue);
  }

  start(): void {
    const attempt = deliverOptions(this.options);
    this.binding.startWorker((job) => attemptNotification(attempt, job));
    this.feeder.start();
  }

  /** Queues what is due now; public for tests and tools. */
  poll(): Promise<number> {
    return this.feeder.poll();
  }

  /** Stops polling and lets running attempts finish within `timeoutMs`, then cuts connections. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.feeder.stop(timeoutMs);
    await this.binding.close(timeoutMs);
    this.options.mail?.close?.();
  }
}
