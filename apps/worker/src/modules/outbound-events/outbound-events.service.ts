import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection } from '@leadline/engine';
import { OutboundEventsDispatcher } from '@leadline/outbound-events';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

/**
 * Delivers outbound events to tenants' webhook subscriptions, whatever the engine mode: due
 * deliveries go from PostgreSQL onto the `webhooks` queue, and every worker process takes from it.
 */
@Injectable()
export class OutboundEventsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private prisma?: PrismaClient;
  private dispatcher?: OutboundEventsDispatcher;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.prisma = createPrismaClient({ url: this.config.database.url, maxConnections: 4 });
    this.dispatcher = new OutboundEventsDispatcher({
      prisma: this.prisma,
      redis: bullConnection(this.config.redis.url),
      box: createSecretBoxFromBase64Keys({
        current: this.config.security.encryptionKey,
        previous: this.config.security.previousEncryptionKeys,
      }),
      allowPrivateNetworks: this.config.webhooks.allowPrivateNetworks,
      timeoutMs: this.config.webhooks.timeoutMs,
      onError: (error, context) => this.logger.warn({ err: error, context }, 'outbound events'),
    });
    this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop(this.config.server.shutdownTimeoutMs);
    await this.prisma?.$disconnect();
  }
}
