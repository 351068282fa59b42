import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { syncAllTemplates, templateProviders, type ChannelCredentials } from '@leadline/engine';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { TemplateSyncScheduler } from './template-sync.scheduler';

/**
 * Fixed rather than configurable: status webhooks keep templates current between syncs, so this
 * only catches what webhooks missed (a template created in WhatsApp Manager, a lost webhook), and
 * 4 listings a day per WABA stay far below Meta's 200 management calls per hour.
 */
export const TEMPLATE_SYNC_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** After boot, once the worker has settled: a fresh deployment sees its templates within a minute. */
export const TEMPLATE_SYNC_FIRST_DELAY_MS = 30_000;

/**
 * Syncs the templates of every active Meta and Twilio channel from their providers, whatever the
 * engine mode (templates are provider state, not engine state). Failures are logged per channel
 * and never stop the worker.
 */
@Injectable()
export class TemplateSyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private prisma?: PrismaClient;
  private readonly scheduler = new TemplateSyncScheduler(
    (signal) => this.syncAll(signal),
    (error) => this.logger.error({ err: error }, 'template sync failed'),
    { firstDelayMs: TEMPLATE_SYNC_FIRST_DELAY_MS, intervalMs: TEMPLATE_SYNC_INTERVAL_MS },
  );

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
    await this.prisma?.$disconnect();
  }

  private async syncAll(signal: AbortSignal): Promise<void> {
    // Opened on first use, so a worker that stops within 30 s never connects for this.
    this.prisma ??= createPrismaClient({ url: this.config.database.url, maxConnections: 2 });
    const box = createSecretBoxFromBase64Keys({
      current: this.config.security.encryptionKey,
      previous: this.config.security.previousEncryptionKeys,
    });
    // A new factory per run: a channel whose credentials changed is not served a cached provider.
    const deps = templateProviders({
      meta: this.config.whatsapp.meta,
      twilio: this.config.whatsapp.twilio,
      publicUrl: this.config.server.publicUrl,
      openCredentials: (sealed) => box.open(sealed) as ChannelCredentials,
    });
    const outcomes = await syncAllTemplates(this.prisma, deps, {
      signal,
      onChannel: (outcome) => {
        const channel = { channelId: outcome.channelId, provider: outcome.provider };
        if (outcome.ok) {
          const { added, updated, removed } = outcome;
          this.logger.info({ ...channel, added, updated, removed }, 'templates synced');
        } else {
          this.logger.warn(
            { ...channel, reason: outcome.error.message },
            'template sync of a channel failed',
          );
        }
      },
    });
    const failed = outcomes.filter((outcome) => !outcome.ok).length;
    this.logger.info({ channels: outcomes.length, failed }, 'template sync finished');
  }
}
