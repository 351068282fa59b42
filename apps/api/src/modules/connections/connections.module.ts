import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { closePostgresPool, closeRedisClient, createPostgresPool, createRedisClient } from '@leadline/ops';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { APP_CONFIG } from '../config/app-config.token';
import { ROOT_LOGGER } from '../logging/root-logger.token';
import { InjectPgPool, InjectRedis, PG_POOL, REDIS_CLIENT } from './connection.tokens';

/**
 * Shared PostgreSQL and Redis connections. They are closed in onApplicationShutdown, which Nest
 * runs after beforeApplicationShutdown has drained in-flight HTTP requests.
 */
@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG, ROOT_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        createPostgresPool(config.database.url, { applicationName: 'leadline-api', logger }),
    },
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG, ROOT_LOGGER],
      useFactory: (config: AppConfig, logger: Logger) =>
        createRedisClient(config.redis.url, { connectionName: 'leadline-api', logger }),
    },
  ],
  exports: [PG_POOL, REDIS_CLIENT],
})
export class ConnectionsModule implements OnApplicationShutdown {
  constructor(
    @InjectPgPool() private readonly pool: Pool,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closePostgresPool(this.pool), closeRedisClient(this.redis)]);
  }
}
