import { Inject } from '@nestjs/common';

/** pg Pool on DATABASE_URL, used for readiness checks. */
export const PG_POOL = Symbol('PG_POOL');
/** ioredis client on REDIS_URL, used for readiness checks. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

export const InjectPgPool = (): ParameterDecorator => Inject(PG_POOL);
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);
