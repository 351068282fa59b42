import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiFileResponse } from '../openapi/api-zod-response.decorator';
import { METRICS_CONTENT_TYPE } from '@leadline/ops';
import type { Registry } from 'prom-client';
import { InjectMetricsRegistry } from './metrics.tokens';

@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(@InjectMetricsRegistry() private readonly registry: Registry) {}

  /** Prometheus text exposition format. */
  @Get('metrics')
  @ApiOperation({ summary: 'Prometheus metrics (docs/operations.md lists them)' })
  @ApiFileResponse(200, 'text/plain', 'Prometheus text exposition format', { type: 'string' })
  @Header('Content-Type', METRICS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
