import { Injectable } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import {
  postgresCheck,
  redisCheck,
  runReadinessChecks,
  urlPasswords,
  type DependencyCheck,
  type ReadinessReport,
} from '@leadline/ops';
import type Redis from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { InjectConfig, InjectPgPool, InjectRedis, InjectRootLogger } from '@leadline/bootstrap';

@Injectable()
export class ReadinessService {
  private readonly checks: Record<string, DependencyCheck>;
  private readonly logger: Logger;
  private lastReady: boolean | undefined;

  constructor(
    @InjectConfig() config: AppConfig,
    @InjectPgPool() pool: Pool,
    @InjectRedis() redis: Redis,
    @InjectRootLogger() logger: Logger,
  ) {
    const secrets = urlPasswords(config.database.url, config.redis.url);
    this.checks = { database: postgresCheck(pool, { secrets }), redis: redisCheck(redis, { secrets }) };
    this.logger = logger.child({ context: 'Readiness' });
  }

  async check(): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks);
    // Log transitions only: probes run every few seconds.
    if (report.ready !== this.lastReady) {
      if (report.ready) this.logger.info({ checks: report.body.checks }, 'ready');
      else this.logger.warn({ checks: report.body.checks, reasons: report.body.reasons }, 'not ready');
      this.lastReady = report.ready;
    }
    return report;
  }
}
