import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import {
  bullConnection,
  createProviderFactory,
  EmbeddedEngine,
  type ChannelCredentials,
} from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Logger } from 'pino';
import { createAiActivity } from '../activities/ai-activity.handler';
import { createDocumentActivity } from '../activities/document-activity.handler';
import { InjectConfig } from '../config/app-config.token';
import { InjectRootLogger } from '../logging/root-logger.token';

/**
 * Runs the embedded engine (LEADLINE_ENGINE=embedded, the default) in this worker process: its
 * queue workers start after boot and finish their running jobs before the process exits.
 */
@Injectable()
export class EmbeddedEngineService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private engine?: EmbeddedEngine;
  private prisma?: PrismaClient;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.engine.mode !== 'embedded') return;
    const box = createSecretBoxFromBase64Keys({
      current: this.config.security.encryptionKey,
      previous: this.config.security.previousEncryptionKeys,
    });
    this.prisma = createPrismaClient({ url: this.config.database.url });
    const providers = createProviderFactory({
      meta: this.config.whatsapp.meta,
      twilio: this.config.whatsapp.twilio,
      publicUrl: this.config.server.publicUrl,
      openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
    });
    this.engine = new EmbeddedEngine({
      prisma: this.prisma,
      redis: bullConnection(this.config.redis.url),
      providers,
      activities: {
        ai: createAiActivity({ config: this.config, prisma: this.prisma, secrets: box, logger: this.logger }),
        document: createDocumentActivity({ prisma: this.prisma, providers, logger: this.logger }),
      },
      sendRatePerSecond: this.config.whatsapp.sendRatePerSecond,
      onError: (error, context) => this.logger.error({ err: error, context }, 'engine error'),
    });
    await this.engine.start();
    this.logger.info({ engine: 'embedded' }, 'embedded engine started');
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.engine?.stop(this.config.server.shutdownTimeoutMs);
    await this.prisma?.$disconnect();
  }
}
