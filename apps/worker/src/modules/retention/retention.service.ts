import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import { applyRetentionToAllTenants } from '@leadline/data-rights';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { TemplateSyncScheduler } from '../templates/template-sync.scheduler';

/** After boot, once the worker has settled. */
export const RETENTION_FIRST_DELAY_MS = 5 * 60_000;

/**
 * Deletes data older than each tenant's retention policy (RETENTION_* defaults, overridden by a
 * tenant's settings.retention), every RETENTION_INTERVAL_MINUTES. Runs never overlap; each deletes in
 * small batches, so several workers doing it at once only share the work.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private prisma?: PrismaClient;
  private scheduler?: TemplateSyncScheduler;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    // The template sync's scheduler: a first run after a delay, then an interval after each run ends.
    this.scheduler = new TemplateSyncScheduler(
      (signal) => this.runOnce(signal),
      (error) => this.logger.error({ err: error }, 'retention run failed'),
      { firstDelayMs: RETENTION_FIRST_DELAY_MS, intervalMs: this.config.retention.intervalMs },
    );
    this.scheduler.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.prisma?.$disconnect();
  }

  async runOnce(signal?: AbortSignal): Promise<void> {
    this.prisma ??= createPrismaClient({ url: this.config.database.url, maxConnections: 2 });
    const outcomes = await applyRetentionToAllTenants(
      this.prisma,
      this.config.retention.defaults,
      new Date(),
      {
        ...(signal ? { signal } : {}),
        onTenant: (outcome) => {
          if (!outcome.ok) {
            this.logger.warn(
              { tenantId: outcome.tenantId, reason: outcome.error.message },
              'retention skipped a tenant',
            );
          } else if (Object.keys(outcome.deleted).length) {
            this.logger.info(
              { tenantId: outcome.tenantId, deleted: outcome.deleted },
              'retention deleted old data',
            );
          }
        },
      },
    );
    this.logger.info(
      { tenants: outcomes.length, skipped: outcomes.filter((outcome) => !outcome.ok).length },
      'retention run finished',
    );
  }
}
