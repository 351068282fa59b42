// What apps/api and apps/worker start the same way (issue 23): one place for config, logging,
// connections, the Prisma client, shutdown and the process entry.
export {
  APP_CONFIG,
  InjectConfig,
  ROOT_LOGGER,
  InjectRootLogger,
  PG_POOL,
  REDIS_CLIENT,
  InjectPgPool,
  InjectRedis,
  PRISMA,
  InjectPrisma,
} from './tokens';
export { CoreModule, type CoreModuleOptions } from './core.module';
export { NestLogger } from './nest-logger';
export { createProcessLogger, runProcess, type ProcessEntry } from './process';
