import { Inject, type Provider } from '@nestjs/common';
import { APP_CONFIG, ROOT_LOGGER } from '@leadline/bootstrap';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import {
  bullConnection,
  EmbeddedEngine,
  RedisInboxPublisher,
  RedisTestClock,
  type ActivityHandlers,
  type ProviderFactory,
} from '@leadline/engine';
import type { EngineMetrics } from '@leadline/ops';
import type { Logger } from 'pino';
import { ACTIVITY_HANDLERS, PROVIDER_FACTORY, WORKER_PRISMA } from '../activities/activities.module';
import { ENGINE_METRICS } from '../health/engine-metrics.token';

/** The embedded engine of this process, with what it publishes through (closed after it). */
export interface EngineRuntime {
  engine: EmbeddedEngine;
  inbox: RedisInboxPublisher;
  testClock?: RedisTestClock;
  /** How engine errors are logged (the engine's onError, and malformed jobs its processors report). */
  onError: (error: unknown, context: string) => void;
}

export const ENGINE_RUNTIME = Symbol('ENGINE_RUNTIME');
export const InjectEngineRuntime = (): ParameterDecorator => Inject(ENGINE_RUNTIME);

/**
 * Builds the embedded engine (not started: EmbeddedEngineService starts it after boot). Its contacts
 * and activities workers are the @Processor classes of this module (externalProcessors); it runs its
 * timer poller and per-channel send workers itself.
 */
export const engineRuntimeProvider: Provider = {
  provide: ENGINE_RUNTIME,
  inject: [
    APP_CONFIG,
    ROOT_LOGGER,
    WORKER_PRISMA,
    PROVIDER_FACTORY,
    ACTIVITY_HANDLERS,
    { token: ENGINE_METRICS, optional: true },
  ],
  useFactory: (
    config: AppConfig,
    logger: Logger,
    prisma: PrismaClient,
    providers: ProviderFactory,
    activities: ActivityHandlers,
    metrics?: EngineMetrics,
  ): EngineRuntime => {
    const redis = bullConnection(config.redis.url);
    const onError = (error: unknown, context: string) =>
      logger.error({ err: error, context }, 'engine error');
    // Open inboxes hear what the engine committed (messages, sends, statuses, handoffs) at once.
    const inbox = new RedisInboxPublisher(redis, (error) =>
      logger.debug({ err: error }, 'could not publish an inbox notice'),
    );
    // LEADLINE_TEST_CLOCK (never in production): the clock a browser test moves past 24 h.
    const testClock = config.testClock ? new RedisTestClock(redis) : undefined;
    const engine = new EmbeddedEngine({
      prisma,
      redis: bullConnection(config.redis.url),
      providers,
      activities,
      sendRatePerSecond: config.whatsapp.sendRatePerSecond,
      notify: inbox.notify,
      metrics,
      externalProcessors: true,
      ...(testClock ? { clock: testClock } : {}),
      onError,
    });
    return { engine, inbox, ...(testClock ? { testClock } : {}), onError };
  },
};
