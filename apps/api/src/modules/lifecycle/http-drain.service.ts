import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '@leadline/config';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { InjectConfig, InjectRootLogger } from '@leadline/bootstrap';
import { drainHttpServer } from './http-drain';

/**
 * Nest closes the HTTP server only after shutdown hooks ran, which would let database
 * connections close under running requests; draining here, in beforeApplicationShutdown,
 * puts "stop accepting, finish in-flight" before "close pg and redis" (onApplicationShutdown).
 */
@Injectable()
export class HttpDrainService implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @InjectConfig() private readonly config: AppConfig,
    @InjectRootLogger() private readonly logger: Logger,
  ) {}

  /** While draining, responses ask keep-alive clients to reconnect elsewhere. */
  get isDraining(): boolean {
    return this.draining;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    this.draining = true;
    const timeoutMs = this.config.server.shutdownTimeoutMs;
    this.logger.info(
      { signal, timeoutMs },
      'shutting down: no new connections, finishing in-flight requests',
    );
    const outcome = await drainHttpServer(server, timeoutMs);
    if (outcome === 'timed-out') {
      this.logger.warn({ timeoutMs }, 'in-flight requests did not finish in time; connections were closed');
    }
  }
}
