import { Controller, Get, Header, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { ReadinessService } from './readiness.service';

@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process is up and serving HTTP. Never touches dependencies. */
  @Get('health')
  @Header('Cache-Control', 'no-store')
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis answer; 503 names the failing check. */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async readinessProbe(@Res({ passthrough: true }) res: ServerResponse): Promise<unknown> {
    const report = await this.readiness.check();
    res.statusCode = report.ready ? 200 : 503;
    return report.body;
  }
}
