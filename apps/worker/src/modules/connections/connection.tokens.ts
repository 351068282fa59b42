import { Inject } from '@nestjs/common';

/** pg Pool on DATABASE_URL, used for readiness checks (processors will open their own). */
export const PG_POOL = Symbol('PG_POOL');
/** ioredis client on REDIS_URL, used for readiness checks (processors will open their own). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

export const InjectPgPool = (): ParameterDecorator => Inject(PG_POOL);
export const InjectRedis = (): ParameterDecorator => Inject(REDIS_CLIENT);
