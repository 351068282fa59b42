import { Inject, Optional } from '@nestjs/common';

/** The engine's domain metrics (@leadline/ops createEngineMetrics), on the worker's registry. */
export const ENGINE_METRICS = Symbol('ENGINE_METRICS');

/** Optional: a module tested without HealthModule simply counts nothing. */
export const InjectEngineMetrics = (): ParameterDecorator => (target, key, index) => {
  Inject(ENGINE_METRICS)(target, key, index);
  Optional()(target, key, index);
};
