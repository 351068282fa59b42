import { Inject, type Provider } from '@nestjs/common';
import { APP_CONFIG, ROOT_LOGGER } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient } from '@leadline/database';
import type { OutboundEventsOptions } from '@leadline/outbound-events';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Logger } from 'pino';

export const OUTBOUND_EVENTS_OPTIONS = Symbol('OUTBOUND_EVENTS_OPTIONS');
export const InjectOutboundEventsOptions = (): ParameterDecorator => Inject(OUTBOUND_EVENTS_OPTIONS);

/**
 * What the feeder and the processor share: their own small PrismaClient (closed by
 * OutboundEventsService), the key that opens webhook secrets, the network rules and where problems
 * are logged.
 */
export const outboundEventsOptionsProvider: Provider = {
  provide: OUTBOUND_EVENTS_OPTIONS,
  inject: [APP_CONFIG, ROOT_LOGGER],
  useFactory: (config: AppConfig, logger: Logger): OutboundEventsOptions => ({
    prisma: createPrismaClient({ url: config.database.url, maxConnections: 4 }),
    box: createSecretBoxFromBase64Keys({
      current: config.security.encryptionKey,
      previous: config.security.previousEncryptionKeys,
    }),
    allowPrivateNetworks: config.webhooks.allowPrivateNetworks,
    timeoutMs: config.webhooks.timeoutMs,
    onError: (error, context) => logger.warn({ err: error, context }, 'outbound events'),
  }),
};
