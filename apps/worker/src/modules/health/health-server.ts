import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { METRICS_CONTENT_TYPE, type ReadinessReport } from '@leadline/ops';
import type { Registry } from 'prom-client';

export interface HealthServerDeps {
  readiness: () => Promise<ReadinessReport>;
  registry: Registry;
  onError: (err: unknown) => void;
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');

const errorBody = (code: string, message: string) => ({ error: { code, message } });

/**
 * A deliberately tiny HTTP server (no framework) for orchestrator probes and Prometheus:
 * GET /health (liveness), GET /ready (PostgreSQL + Redis), GET /metrics.
 */
export function createHealthServer(deps: HealthServerDeps): Server {
  const routes: Record<string, (res: ServerResponse) => Promise<void>> = {
    '/health': async (res) => sendJson(res, 200, { status: 'ok' }),
    '/ready': async (res) => {
      const report = await deps.readiness();
      sendJson(res, report.ready ? 200 : 503, report.body);
    },
    '/metrics': async (res) => send(res, 200, await deps.registry.metrics(), METRICS_CONTENT_TYPE),
  };

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    if (!route) return sendJson(res, 404, errorBody('NOT_FOUND', `Cannot ${req.method} ${path}`));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, errorBody('METHOD_NOT_ALLOWED', `Use GET for ${path}`));
    }
    route(res).catch((err: unknown) => {
      deps.onError(err);
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.end();
    });
  });
}
