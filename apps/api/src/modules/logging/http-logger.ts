import type { Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';

/** Probes hit these every few seconds; logging each hit would drown real traffic. */
const UNLOGGED_PATHS = new Set(['/health', '/ready', '/metrics']);

// Query strings can carry secrets (e.g. Meta's hub.verify_token), so only the path is logged.
const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0];

/**
 * One line per request with method, path, status, duration and request id. Bodies are never
 * serialized; credential and signature headers are redacted by the root logger.
 */
export function createHttpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(pathOf(req.url)) },
    customLogLevel: (_req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
    serializers: {
      req: (req: { method?: string; url?: string; headers?: unknown; remoteAddress?: string }) => ({
        method: req.method,
        url: pathOf(req.url),
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
