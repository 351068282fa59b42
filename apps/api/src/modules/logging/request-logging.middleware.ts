import type { IncomingMessage, ServerResponse } from 'node:http';
import { Store, storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import { createHttpLogger } from './http-logger';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Express requests whose response has not closed yet. nestjs-pino's AsyncLocalStorage is a
 * process-wide singleton, so this count is too (tests run several apps in one process).
 */
let bound = 0;

/**
 * Puts `req.log` into nestjs-pino's AsyncLocalStorage for the request (injected `PinoLogger`s and
 * Nest's `Logger` then log with its request id), and turns the storage off again when the last
 * Express request in flight has closed (issue 21, eleventh round).
 *
 * Why off: on Node 20 an AsyncLocalStorage that was ever entered keeps async_hooks' promise hooks on
 * for the whole process (every promise then calls an init hook that copies the store, and a
 * before/after hook on every continuation), so one health probe or metrics scrape made every
 * webhook pay for them: 2–4 % of the API's CPU on the webhook path, which runs outside Express
 * (lean-webhook-route.ts) and never reads the store. Turned off while no Express request is open,
 * the hooks cost the webhooks nothing; the next request turns them on again (`run` re-enables,
 * ~1.5 µs). What is lost: a continuation of a request that logs after its response closed, when no
 * other Express request is open, logs through the root logger (no request id), as a timer or a
 * queue job does; so does a handler still running after its client aborted (the response closes
first), when no other request is open. A wrong id is never logged: a continuation keeps its own
request's store while the storage is on.
 */
const bindRequestLogger: Middleware = (req, res, next) => {
  bound += 1;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    releases.delete(res);
    bound -= 1;
    if (bound === 0) storage.disable();
  };
  releases.set(res, release);
  res.once('close', release);
  storage.run(new Store(req.log), next);
};

/** Each open request's release of its count (once only, whichever comes first: close or a handler). */
const releases = new WeakMap<ServerResponse, () => void>();

/**
 * Stops counting a request that stays open long after its handler is done with logging (the inbox's
 * server-sent-events stream, open up to 10 minutes and reopened by the browser): counted, it would
 * keep the storage and its promise hooks on for as long as anyone has an inbox open. Its later logs,
 * if any, lose the request id once no other request is open.
 */
export function releaseRequestStorage(res: ServerResponse): void {
  releases.get(res)?.();
}

/**
 * pino-http (one line per request, `req.log` child carrying the request id) followed by the
 * binding nestjs-pino would otherwise mount itself (bindRequestLogger).
 */
export function requestLoggingMiddleware(logger: Logger): Middleware[] {
  return [createHttpLogger(logger), bindRequestLogger];
}

/** Express requests holding the storage on (tests). */
export function requestsBound(): number {
  return bound;
}
