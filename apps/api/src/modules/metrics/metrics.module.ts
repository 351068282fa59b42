import { Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { METRICS_REGISTRY } from './metrics.tokens';

@Module({})
export class MetricsModule {
  /** The registry comes from the app factory, which also mounts the HTTP timing middleware. */
  static forRoot(registry: Registry): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }],
      exports: [METRICS_REGISTRY],
    };
  }
}
