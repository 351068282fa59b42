import { Global, Module, type DynamicModule } from '@nestjs/common';
import { createEngineMetrics } from '@leadline/ops';
import type { Registry } from 'prom-client';
import { ENGINE_METRICS } from './engine-metrics.token';
import { HealthServerService } from './health-server.service';
import { METRICS_REGISTRY } from './metrics-registry.token';

@Global()
@Module({})
export class HealthModule {
  static forRoot(registry: Registry): DynamicModule {
    return {
      module: HealthModule,
      providers: [
        { provide: METRICS_REGISTRY, useValue: registry },
        { provide: ENGINE_METRICS, useValue: createEngineMetrics(registry) },
        HealthServerService,
      ],
      exports: [METRICS_REGISTRY, ENGINE_METRICS, HealthServerService],
    };
  }
}
