import { Inject, type Provider } from '@nestjs/common';
import { APP_CONFIG, ROOT_LOGGER } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient } from '@leadline/database';
import { smtpMailSender, webPushSender, type NotificationsOptions } from '@leadline/notifications';
import type { Logger } from 'pino';

export const NOTIFICATIONS_OPTIONS = Symbol('NOTIFICATIONS_OPTIONS');
export const InjectNotificationsOptions = (): ParameterDecorator => Inject(NOTIFICATIONS_OPTIONS);

/**
 * What the feeder and the processor share: their own small PrismaClient (closed by
 * NotificationsService), the senders and where problems are logged. Without SMTP_URL e-mail
 * deliveries fail with that reason (recorded); without VAPID keys, push ones do.
 */
export const notificationsOptionsProvider: Provider = {
  provide: NOTIFICATIONS_OPTIONS,
  inject: [APP_CONFIG, ROOT_LOGGER],
  useFactory: (config: AppConfig, logger: Logger): NotificationsOptions => {
    const { notifications } = config;
    return {
      prisma: createPrismaClient({ url: config.database.url, maxConnections: 4 }),
      appUrl: notifications.appUrl,
      ...(notifications.smtpUrl
        ? { mail: smtpMailSender(notifications.smtpUrl, notifications.mailFrom) }
        : {}),
      ...(notifications.vapid
        ? {
            push: webPushSender({
              vapid: notifications.vapid,
              privateAllowlist: config.http.privateAllowlist,
            }),
          }
        : {}),
      onError: (error, context) => logger.warn({ err: error, context }, 'notifications'),
    };
  },
};
