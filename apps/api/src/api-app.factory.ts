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
import { createLeanWebhookRoutes, serveFirst } from './modules/webhooks/lean-webhook-route';
import { MetaWebhookService } from './modules/webhooks/meta-webhook.service';
import { TwilioWebhookService } from './modules/webhooks/twilio-webhook.service';

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

  // POST /webhooks/meta and /webhooks/twilio (nearly all traffic) are answered straight from
  // node:http, before Express and Nest (lean-webhook-route.ts); everything else goes on to Express.
  const drain = app.get(HttpDrainService);
  serveFirst(
    app.getHttpServer(),
    createLeanWebhookRoutes({
      meta: app.get(MetaWebhookService),
      twilio: app.get(TwilioWebhookService),
      logger,
      httpSeconds: histogram,
      isDraining: () => drain.isDraining,
    }),
  );

  // Mounted before Nest's body parsers and routes so that every request, even one with a
  // malformed body or an unknown path, gets a request id, a log line and a metric.
  app.use(requestIdMiddleware);
  app.use(...requestLoggingMiddleware(logger));
  app.use(httpMetricsMiddleware(histogram));
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    if (drain.isDraining) res.setHeader('Connection', 'close');
    next();
  });

  // The limit of the webhook routes (WEBHOOK_BODY_LIMIT_BYTES), for every other route too.
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
