import type { IncomingMessage, ServerResponse } from 'node:http';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { createHttpLogger } from './http-logger';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * pino-http (one line per request, `req.log` child carrying the request id) followed by the
 * binding nestjs-pino would otherwise mount itself: it puts `req.log` into nestjs-pino's
 * AsyncLocalStorage so injected `PinoLogger`s log with the request id.
 */
export function requestLoggingMiddleware(logger: Logger): Middleware[] {
  const httpLogger = createHttpLogger(logger);
  const bindRequestLogger: Middleware = (req, _res, next) => storage.run(new Store(req.log), next);
  return [httpLogger, bindRequestLogger];
}
