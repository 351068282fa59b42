import { Inject } from '@nestjs/common';

/** The worker's own prom-client Registry (default process metrics; processors add theirs). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export const InjectMetricsRegistry = (): ParameterDecorator => Inject(METRICS_REGISTRY);
