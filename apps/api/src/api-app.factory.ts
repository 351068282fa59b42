import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '@leadline/config';
import { createHttpDurationHistogram, createMetricsRegistry } from '@leadline/ops';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { HttpDrainService } from './modules/lifecycle/http-drain.service';
import { createProcessLogger, NestLogger } from '@leadline/bootstrap';
import { requestIdMiddleware } from './modules/logging/request-id';
import { requestLoggingMiddleware } from './modules/logging/request-logging.middleware';
import { httpMetricsMiddleware } from './modules/metrics/http-metrics.middleware';
import { setupOpenApi } from './modules/openapi/openapi';
import { DASHBOARD_PATH } from './modules/queue-dashboard/queue-dashboard-access';
import { QueueDashboardService } from './modules/queue-dashboard/queue-dashboard.service';
import { serveWebApp, webAppDir } from './modules/web-app/web-app';

const WEBHOOK_BODY_LIMIT = '3mb';

export interface CreateApiAppOptions {
  /** Where log lines go (default stdout); tests pass a capturing stream. */
  logDestination?: DestinationStream;
}

/**
 * Builds and initialises (but does not listen) the API for an already validated config.
 * Used by main.ts and by the e2e tests, so both exercise the same wiring.
 */
export async function createApiApp(
  config: AppConfig,
  options: CreateApiAppOptions = {},
): Promise<NestExpressApplication> {
  const logger = createProcessLogger(config, 'api', options.logDestination);
  const registry = createMetricsRegistry('api');
  const histogram = createHttpDurationHistogram(registry);

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, logger, registry }),
    {
      // Webhook signature checks (Meta X-Hub-Signature-256, Twilio) need the exact bytes received.
      rawBody: true,
      bufferLogs: true,
      abortOnError: false,
    },
  );
  app.useLogger(app.get(NestLogger));
  app.disable('x-powered-by');
  // req.ip (login lockout, logs) is the client's address only if the proxies in front are trusted.
  const { trustProxy } = config.server;
  app.set('trust proxy', Array.isArray(trustProxy) ? [...trustProxy] : trustProxy);

  // Mounted before Nest's body parsers and routes so that every request, even one with a
  // malformed body or an unknown path, gets a request id, a log line and a metric.
  const drain = app.get(HttpDrainService);
  app.use(requestIdMiddleware);
  app.use(...requestLoggingMiddleware(logger));
  app.use(httpMetricsMiddleware(histogram));
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (drain.isDraining) res.setHeader('Connection', 'close');
    next();
  });

  // Meta batches up to 1000 updates per webhook and caps payloads at 3 MB; larger bodies get 413.
  app.useBodyParser('json', { limit: WEBHOOK_BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: WEBHOOK_BODY_LIMIT, extended: false });

  setupOpenApi(app);
  const queueDashboard = app.get(QueueDashboardService);
  if (queueDashboard.enabled) app.use(DASHBOARD_PATH, ...queueDashboard.handlers());
  const webApp = webAppDir(config);
  if (webApp) {
    serveWebApp(app, webApp);
    logger.info({ dir: webApp }, 'serving the web app');
  }

  for (const warning of config.warnings) logger.warn(warning);
  await app.init();
  return app;
}
