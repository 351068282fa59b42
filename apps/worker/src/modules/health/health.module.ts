import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { HealthServerService } from './health-server.service';
import { METRICS_REGISTRY } from './metrics-registry.token';

@Global()
@Module({})
export class HealthModule {
  static forRoot(registry: Registry): DynamicModule {
    return {
      module: HealthModule,
      providers: [{ provide: METRICS_REGISTRY, useValue: registry }, HealthServerService],
      exports: [METRICS_REGISTRY, HealthServerService],
    };
  }
}
