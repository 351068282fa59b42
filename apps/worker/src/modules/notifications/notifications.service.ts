import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { NotificationsFeeder, notificationsQueue, type NotificationsOptions } from '@leadline/notifications';
import { closeQueues } from '@leadline/ops';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { InjectNotificationsOptions } from './notifications.options';
import { NotificationsProcessor } from './notifications.processor';

/**
 * Notifies a workspace's people (e-mail, web push) of the events the engine records, whatever the
 * engine mode: the feeder fans new events out from PostgreSQL and puts due deliveries on the
 * `notifications` queue, which NotificationsProcessor takes from (in every worker process).
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly feeder: NotificationsFeeder;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectNotificationsOptions() private readonly options: NotificationsOptions,
    @InjectQueue(notificationsQueue.name) private readonly queue: Queue,
    private readonly processor: NotificationsProcessor,
  ) {
    // Reported by readiness and by the feeder's own warning; listened to from the start, as they come
    // before boot completes when Redis is down.
    queue.on('error', () => undefined);
    this.feeder = new NotificationsFeeder(options, queue);
  }

  onApplicationBootstrap(): void {
    if (!this.config.notifications.smtpUrl)
      this.logger.warn('SMTP_URL is not set: notification e-mails are not sent');
    this.feeder.start();
  }

  /**
   * Bounded, before @nestjs/bullmq's own shutdown hook (which awaits a plain worker.close() that never
   * settles with Redis unreachable; once closed here, it returns at once).
   */
  async beforeApplicationShutdown(): Promise<void> {
    const timeoutMs = this.config.server.shutdownTimeoutMs;
    await this.feeder.stop(timeoutMs);
    await closeQueues([this.processor.worker], [this.queue], { timeoutMs });
    this.options.mail?.close?.();
    await this.options.prisma.$disconnect();
  }
}
