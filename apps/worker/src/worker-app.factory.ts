import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@leadline/config';
import { createMetricsRegistry } from '@leadline/ops';
import type { DestinationStream } from 'pino';
import { createProcessLogger, NestLogger } from '@leadline/bootstrap';
import { WorkerModule } from './worker.module';

export interface CreateWorkerAppOptions {
  /** Where log lines go (default stdout); tests pass a capturing stream. */
  logDestination?: DestinationStream;
}

/**
 * Builds and starts the worker (a Nest application context, no HTTP framework) for an already
 * validated config; the health server is listening when this resolves.
 */
export async function createWorkerApp(
  config: AppConfig,
  options: CreateWorkerAppOptions = {},
): Promise<INestApplicationContext> {
  const logger = createProcessLogger(config, 'worker', options.logDestination);
  for (const warning of config.warnings) logger.warn(warning);
  const registry = createMetricsRegistry('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config, logger, registry }), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(NestLogger));
  return app;
}
