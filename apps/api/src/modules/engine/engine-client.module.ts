import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { BullMqJobQueue, bullConnection, EngineClient, systemClock } from '@leadline/engine';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/app-config.token';
import { PRISMA } from '../database/prisma.module';
import { ROOT_LOGGER } from '../logging/root-logger.token';

export const ENGINE_CLIENT = Symbol('ENGINE_CLIENT');
const ENGINE_QUEUE = Symbol('ENGINE_QUEUE');
export const InjectEngine = (): ParameterDecorator => Inject(ENGINE_CLIENT);

/**
 * How the API hands work to the engine: durable first (PostgreSQL), then a wake-up on Redis. The
 * API never runs flow logic itself.
 */
@Global()
@Module({
  providers: [
    {
      provide: ENGINE_QUEUE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new BullMqJobQueue(bullConnection(config.redis.url)),
    },
    {
      provide: ENGINE_CLIENT,
      inject: [PRISMA, ENGINE_QUEUE, ROOT_LOGGER],
      useFactory: (prisma: PrismaClient, queue: BullMqJobQueue, logger: Logger) =>
        new EngineClient(prisma, queue, systemClock, (error) =>
          logger.warn({ err: error }, 'could not wake a worker; the sweeper will pick the work up'),
        ),
    },
  ],
  exports: [ENGINE_CLIENT],
})
export class EngineClientModule implements OnApplicationShutdown {
  constructor(@Inject(ENGINE_QUEUE) private readonly queue: BullMqJobQueue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
