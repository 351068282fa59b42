import { Inject } from '@nestjs/common';

/** The app's own prom-client Registry (default process metrics + HTTP histogram). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export const InjectMetricsRegistry = (): ParameterDecorator => Inject(METRICS_REGISTRY);
