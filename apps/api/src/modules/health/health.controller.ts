import { Controller, Get, Header, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ReadinessService } from './readiness.service';

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.enum(['up', 'down'])),
  reasons: z
    .record(z.string(), z.string())
    .optional()
    .describe('Only for failing checks, credentials removed'),
});

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process is up and serving HTTP. Never touches dependencies. */
  @Get('health')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Liveness: the process serves HTTP' })
  @ApiZodResponse(200, z.object({ status: z.literal('ok') }))
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; 503 names the failing check. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiZodResponse(200, readinessSchema, 'Ready')
  @ApiZodResponse(503, readinessSchema, 'Not ready: `reasons` names the failing checks')
  async readinessProbe(@Res({ passthrough: true }) res: ServerResponse): Promise<unknown> {
    const report = await this.readiness.check();
    res.statusCode = report.ready ? 200 : 503;
    return report.body;
  }
}
