import { Inject } from '@nestjs/common';

/** DI token of the validated, frozen AppConfig from @leadline/config. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/** DI token of the process's root pino logger (the one pino-http and nestjs-pino write to). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const InjectRootLogger = (): ParameterDecorator => Inject(ROOT_LOGGER);

/** pg Pool on DATABASE_URL, used for readiness checks. */
export const PG_POOL = Symbol('PG_POOL');
/** ioredis client on REDIS_URL, used for readiness checks. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const InjectPgPool = (): ParameterDecorator => Inject(PG_POOL);
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);

/** The process's Prisma client (system level; tenant work goes through withTenant). */
export const PRISMA = Symbol('PRISMA');
export const InjectPrisma = (): ParameterDecorator => Inject(PRISMA);
