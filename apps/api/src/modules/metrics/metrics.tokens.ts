import { Inject } from '@nestjs/common';

/** The app's own prom-client Registry (default process metrics + HTTP histogram). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export const InjectMetricsRegistry = (): ParameterDecorator => Inject(METRICS_REGISTRY);

/** leadline_webhook_ack_seconds{provider,outcome} on the app's registry. */
export const WEBHOOK_ACK_HISTOGRAM = Symbol('WEBHOOK_ACK_HISTOGRAM');

export const InjectWebhookAckHistogram = (): ParameterDecorator => Inject(WEBHOOK_ACK_HISTOGRAM);
