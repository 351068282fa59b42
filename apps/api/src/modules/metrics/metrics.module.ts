import { Module, type DynamicModule } from '@nestjs/common';
import { createWebhookAckHistogram } from '@leadline/ops';
import type { Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY, WEBHOOK_ACK_HISTOGRAM } from './metrics.tokens';

@Module({})
export class MetricsModule {
  /** The registry comes from the app factory, which also mounts the HTTP timing middleware. */
  static forRoot(registry: Registry): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: WEBHOOK_ACK_HISTOGRAM, useValue: createWebhookAckHistogram(registry) },
      ],
      exports: [METRICS_REGISTRY, WEBHOOK_ACK_HISTOGRAM],
    };
  }
}
