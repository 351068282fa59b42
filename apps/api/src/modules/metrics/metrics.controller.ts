import { Controller, Get, Header } from '@nestjs/common';
import { METRICS_CONTENT_TYPE } from '@leadline/ops';
import type { Registry } from 'prom-client';
import { InjectMetricsRegistry } from './metrics.tokens';

@Controller()
export class MetricsController {
  constructor(@InjectMetricsRegistry() private readonly registry: Registry) {}

  /** Prometheus text exposition format. */
  @Get('metrics')
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
