import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { AppConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { closePostgresPool, closeRedisClient, createPostgresPool, createRedisClient } from '@leadline/ops';
import type Redis from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { NestLogger } from './nest-logger';
import { APP_CONFIG, PG_POOL, PRISMA, REDIS_CLIENT, ROOT_LOGGER } from './tokens';

export interface CoreModuleOptions {
  config: AppConfig;
  /** The root logger, made before Nest exists (createProcessLogger). */
  logger: Logger;
  /** `leadline-api`, `leadline-worker`: how this process's connections are named on the servers. */
  applicationName: string;
}

/**
 * What every Leadline process starts with, the same way: the validated config (main.ts or a test
 * already ran loadConfig, so no process starts with an invalid environment), pino through Nest, the
 * PostgreSQL pool and Redis client of the readiness checks, and the Prisma client. These are closed
 * in onApplicationShutdown, which Nest runs after every beforeApplicationShutdown (HTTP drained,
 * queues and engines stopped), so nothing still uses them.
 *
 * nestjs-pino only supplies the injectable loggers (`Logger`, `PinoLogger`, `@InjectPinoLogger`); the
 * API mounts pino-http itself ahead of body parsing (`forRoutes: []`: Nest would otherwise mount it
 * as routes, which would make every unknown URL look routed).
 */
@Global()
@Module({})
export class CoreModule implements OnApplicationShutdown {
  constructor(private readonly refs: ModuleRef) {}

  static forRoot({ config, logger, applicationName }: CoreModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true, forRoutes: [] })],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ROOT_LOGGER, useValue: logger },
        NestLogger,
        {
          provide: PG_POOL,
          useFactory: () => createPostgresPool(config.database.url, { applicationName, logger }),
        },
        {
          provide: REDIS_CLIENT,
          useFactory: () => createRedisClient(config.redis.url, { connectionName: applicationName, logger }),
        },
        { provide: PRISMA, useFactory: () => createPrismaClient({ url: config.database.url }) },
      ],
      exports: [APP_CONFIG, ROOT_LOGGER, NestLogger, PG_POOL, REDIS_CLIENT, PRISMA],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([
      closePostgresPool(this.refs.get<Pool>(PG_POOL)),
      closeRedisClient(this.refs.get<Redis>(REDIS_CLIENT)),
      this.refs.get<PrismaClient>(PRISMA).$disconnect(),
    ]);
  }
}
