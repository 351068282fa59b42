import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CampaignDispatcher } from '@leadline/campaigns';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  bullConnection,
  EmbeddedEngine,
  publishOutbox,
  systemClock,
  RedisInboxPublisher,
  RedisTestClock,
  type ActivityHandlers,
  type ProviderFactory,
} from '@leadline/engine';
import type { EngineMetrics } from '@leadline/ops';
import type { Logger } from 'pino';
import {
  InjectActivityHandlers,
  InjectProviderFactory,
  InjectWorkerPrisma,
} from '../activities/activities.module';
import { InjectEngineMetrics } from '../health/engine-metrics.token';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';

/**
 * Runs the embedded engine (LEADLINE_ENGINE=embedded, the default) in this worker process: its
 * queue workers start after boot and finish their running jobs before the process exits.
 */
@Injectable()
export class EmbeddedEngineService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private engine?: EmbeddedEngine;
  private campaigns?: CampaignDispatcher;
  private inbox?: RedisInboxPublisher;
  private testClock?: RedisTestClock;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectProviderFactory() private readonly providers: ProviderFactory,
    @InjectActivityHandlers() private readonly activities: ActivityHandlers,
    @InjectEngineMetrics() private readonly metrics?: EngineMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.engine.mode !== 'embedded') return;
    const redis = bullConnection(this.config.redis.url);
    // Open inboxes hear what the engine committed (messages, sends, statuses, handoffs) at once.
    this.inbox = new RedisInboxPublisher(redis, (error) =>
      this.logger.debug({ err: error }, 'could not publish an inbox notice'),
    );
    // LEADLINE_TEST_CLOCK (never in production): the clock a browser test moves past 24 h.
    this.testClock = this.config.testClock ? new RedisTestClock(redis) : undefined;
    this.engine = new EmbeddedEngine({
      prisma: this.prisma,
      redis: bullConnection(this.config.redis.url),
      providers: this.providers,
      activities: this.activities,
      sendRatePerSecond: this.config.whatsapp.sendRatePerSecond,
      notify: this.inbox.notify,
      metrics: this.metrics,
      ...(this.testClock ? { clock: this.testClock } : {}),
      onError: (error, context) => this.logger.error({ err: error, context }, 'engine error'),
    });
    await this.engine.start();
    // Campaigns hand their recipients to this engine's send path (outbox → send job → provider).
    const queue = this.engine.queue;
    this.campaigns = new CampaignDispatcher({
      prisma: this.prisma,
      publish: (tenantId) => publishOutbox(this.prisma, queue, systemClock, tenantId),
      onError: (error, context) => this.logger.error({ err: error, context }, 'campaign dispatch error'),
    });
    this.campaigns.start();
    this.logger.info({ engine: 'embedded' }, 'embedded engine started');
  }

  /** The PrismaClient is closed by CoreModule (@leadline/bootstrap) once every engine has stopped. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.campaigns?.stop();
    await this.engine?.stop(this.config.server.shutdownTimeoutMs);
    await this.inbox?.close();
    await this.testClock?.close();
  }
}
