import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import type { Registry } from 'prom-client';
import { InjectConfig, InjectPgPool, InjectRedis, InjectRootLogger } from '@leadline/bootstrap';
import { createHealthServer } from './health-server';
import { InjectMetricsRegistry } from './metrics-registry.token';

/** Serves /health, /ready and /metrics on WORKER_HEALTH_PORT for the worker's lifetime. */
@Injectable()
export class HealthServerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: Server;
  private readonly checks: Record<string, DependencyCheck>;
  private readonly logger: Logger;
  private lastReady: boolean | undefined;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectPgPool() pool: Pool,
    @InjectRedis() redis: Redis,
    @InjectMetricsRegistry() private readonly registry: Registry,
    @InjectRootLogger() logger: Logger,
  ) {
    const secrets = urlPasswords(config.database.url, config.redis.url);
    this.checks = { database: postgresCheck(pool, { secrets }), redis: redisCheck(redis, { secrets }) };
    this.logger = logger.child({ context: 'HealthServer' });
  }

  /** The bound port (useful when WORKER_HEALTH_PORT=0). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const server = createHealthServer({
      readiness: () => this.readiness(),
      registry: this.registry,
      onError: (err) => this.logger.error({ err }, 'health endpoint failed'),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const listening = () => {
        server.off('error', reject);
        resolve();
      };
      // Loopback only while a development secret is in use (libs/config listen-host.ts).
      const { listenHost, workerHealthPort } = this.config.server;
      if (listenHost === undefined) server.listen(workerHealthPort, listening);
      else server.listen(workerHealthPort, listenHost, listening);
    });
    this.server = server;
    const url = `http://localhost:${this.port}`;
    const { loopbackOnly } = this.config.server;
    const address = (server.address() as AddressInfo).address;
    this.logger.info(
      { url, address, loopbackOnly },
      `Leadline worker health endpoints on ${url} (/health, /ready, /metrics)${loopbackOnly ? ` (loopback only: ${address})` : ''}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Probe requests are short; do not let a slow scraper hold up shutdown.
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), 1000);
    await closed;
    clearTimeout(timer);
  }

  private async readiness(): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks);
    if (report.ready !== this.lastReady) {
      if (report.ready) this.logger.info({ checks: report.body.checks }, 'ready');
      else this.logger.warn({ checks: report.body.checks, reasons: report.body.reasons }, 'not ready');
      this.lastReady = report.ready;
    }
    return report;
  }
}
