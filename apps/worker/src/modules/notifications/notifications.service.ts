import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection } from '@leadline/engine';
import { NotificationsDispatcher, smtpMailSender, webPushSender } from '@leadline/notifications';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

/**
 * Notifies a workspace's people (e-mail, web push) of the events the engine records, whatever the
 * engine mode: new events are fanned out from PostgreSQL and due deliveries go onto the
 * `notifications` queue, which every worker process takes from. Without SMTP_URL e-mail deliveries
 * fail with that reason (recorded); without VAPID keys, push ones do.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private prisma?: PrismaClient;
  private dispatcher?: NotificationsDispatcher;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const { notifications } = this.config;
    if (!notifications.smtpUrl) this.logger.warn('SMTP_URL is not set: notification e-mails are not sent');
    this.prisma = createPrismaClient({ url: this.config.database.url, maxConnections: 4 });
    this.dispatcher = new NotificationsDispatcher({
      prisma: this.prisma,
      redis: bullConnection(this.config.redis.url),
      appUrl: notifications.appUrl,
      ...(notifications.smtpUrl
        ? { mail: smtpMailSender(notifications.smtpUrl, notifications.mailFrom) }
        : {}),
      ...(notifications.vapid
        ? {
            push: webPushSender({
              vapid: notifications.vapid,
              privateAllowlist: this.config.http.privateAllowlist,
            }),
          }
        : {}),
      onError: (error, context) => this.logger.warn({ err: error, context }, 'notifications'),
    });
    this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop(this.config.server.shutdownTimeoutMs);
    await this.prisma?.$disconnect();
  }
}
