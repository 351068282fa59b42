import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@leadline/config';
import type { PrismaClient } from '@leadline/database';
import { bullConnection, StateSnapshotReader, systemClock } from '@leadline/engine';
import { applyStateSnapshot, createStateGauges, sharedRefresh } from '@leadline/ops';
import type { Registry } from 'prom-client';
import { InjectWorkerPrisma } from '../activities/activities.module';
import { InjectMetricsRegistry } from '../health/metrics-registry.token';
import { InjectConfig } from '@leadline/bootstrap';

/**
 * The gauges of what waits (queue depth and age, timers, handoffs, campaign recipients), read from
 * Redis and PostgreSQL when Prometheus scrapes this worker's /metrics. Every worker reports the same
 * totals: dashboards and alerts take max() over the workers, never sum().
 */
@Injectable()
export class StateMetricsService implements OnModuleInit, OnApplicationShutdown {
  private reader?: StateSnapshotReader;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectWorkerPrisma() private readonly prisma: PrismaClient,
    @InjectMetricsRegistry() private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    const redis = this.config.engine.mode === 'embedded' ? bullConnection(this.config.redis.url) : undefined;
    const reader = new StateSnapshotReader(this.prisma, redis, systemClock);
    this.reader = reader;
    const gauges = createStateGauges(
      this.registry,
      sharedRefresh(async () => {
        try {
          applyStateSnapshot(gauges, await reader.read());
        } catch {
          // Database or Redis away: /ready says so; the process metrics must still be scraped.
          gauges.readFailures.inc();
        }
      }),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reader?.close();
  }
}
