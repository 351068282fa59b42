import { HttpException, HttpStatus } from '@nestjs/common';
import type { HttpDurationHistogram } from '@leadline/ops';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ErrorBody } from '../errors/error-body';
import { errorCodeForStatus } from '../errors/error-body';
import { describeException } from '../errors/http-error.filter';
import { REQUEST_ID_HEADER, resolveRequestId } from '../logging/request-id';
import type { MetaWebhookService } from './meta-webhook.service';
import type { TwilioWebhookService } from './twilio-webhook.service';

/** Meta batches up to 1000 updates per webhook and caps payloads at 3 MB; larger bodies get 413. */
export const WEBHOOK_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

/** body-parser's default for forms (Twilio sends a few dozen fields). */
const MAX_FORM_FIELDS = 1000;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

export interface LeanWebhookDeps {
  meta: Pick<MetaWebhookService, 'acknowledge'>;
  twilio: Pick<TwilioWebhookService, 'acknowledge'>;
  logger: Logger;
  /** http_request_duration_seconds, as Express's routes observe it. */
  httpSeconds: HttpDurationHistogram;
  /** While the API drains, responses ask keep-alive clients to reconnect elsewhere. */
  isDraining: () => boolean;
  limitBytes?: number;
}

interface Answer {
  contentType: string;
  body: string;
}

/** A webhook route: what it answers for the raw body (any error becomes a 4xx/5xx with a code). */
type Receive = (req: IncomingMessage, rawBody: Buffer) => Promise<Answer>;

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The form as body-parser's `urlencoded({ extended: false })` gave it: repeated fields as arrays,
 * `__proto__` dropped. (The arrays are made here, not by node:querystring: Twilio's signature check
 * tells arrays by `instanceof Array`, which an array from another realm, as under Jest, fails.)
 */
function parseForm(rawBody: Buffer): Record<string, unknown> {
  const text = rawBody.toString('utf8');
  const form: Record<string, string | string[]> = {};
  if (!text.length) return form;
  let fields = 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) {
    if (++fields > MAX_FORM_FIELDS) {
      throw new HttpException(
        { code: 'PAYLOAD_TOO_LARGE', message: 'too many parameters' },
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    }
  }
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '__proto__') continue;
    const seen = Object.hasOwn(form, name) ? form[name] : undefined;
    if (seen === undefined) form[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else form[name] = [seen, value];
  }
  return form;
}

/**
 * Reads the body up to `limit` bytes. A larger one is still read to its end (as body-parser does, so
 * the client reads the answer instead of a reset connection) but not kept, and refused with 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > limit;
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) {
        reject(
          new HttpException(
            { code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' },
            HttpStatus.PAYLOAD_TOO_LARGE,
          ),
        );
      } else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    // A client that goes away mid-body gets what body-parser answered it: 400, not a 500 and an error log.
    const aborted = () =>
      reject(new HttpException({ code: 'BAD_REQUEST', message: 'request aborted' }, HttpStatus.BAD_REQUEST));
    req.on('error', aborted);
    req.on('close', () => {
      if (!req.complete) aborted();
    });
  });
}

/** With its length: writeHead fixes the headers, so Node would otherwise send it chunked. */
function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The webhook routes, served straight from node:http ahead of Express and Nest (issue 21): nearly
 * all webhook traffic is these two POSTs, and Express's router, Nest's interceptor pipeline,
 * body-parser and pino-http's per-request child logger cost several times what the webhook itself
 * does. The work is the same as through Nest, by the same code (the services' `acknowledge`): raw
 * body with a size limit, signature, parse, tenant scope, group commit, and the answer only after
 * the commit (200; 4xx with the stable codes; 5xx when the write failed, so the provider retries).
 * What Express's middleware gave every request is kept: a request id (header and error bodies),
 * `Connection: close` while draining, http_request_duration_seconds with the route's label, and the
 * webhook acknowledgement histogram (in `acknowledge`). Logs: no line per acknowledged webhook (the
 * engine logs one per ingest batch), one per refused or failed one; never bodies nor headers.
 */
export function createLeanWebhookRoutes(deps: LeanWebhookDeps) {
  const limit = deps.limitBytes ?? WEBHOOK_BODY_LIMIT_BYTES;
  const routes = new Map<string, Receive>([
    [
      '/webhooks/meta',
      async (req, rawBody) => ({
        contentType: 'text/plain; charset=utf-8',
        body: await deps.meta.acknowledge(
          JSON_TYPE.test(header(req, 'content-type') ?? '') ? rawBody : undefined,
          header(req, 'x-hub-signature-256'),
        ),
      }),
    ],
    [
      '/webhooks/twilio',
      async (req, rawBody) => ({
        contentType: 'text/xml; charset=utf-8',
        body: await deps.twilio.acknowledge(
          req.url ?? '/',
          FORM_TYPE.test(header(req, 'content-type') ?? '') ? parseForm(rawBody) : {},
          header(req, 'x-twilio-signature'),
        ),
      }),
    ],
  ]);

  /** The route for a request, or undefined when Express should have it (anything but these POSTs). */
  function routeOf(req: IncomingMessage): [string, Receive] | undefined {
    if (req.method !== 'POST' || !req.url?.startsWith('/webhooks/')) return undefined;
    // Express matches paths case-insensitively and with an optional trailing slash: so do we.
    const path = req.url.split('?')[0].toLowerCase().replace(/\/$/, '');
    const receive = routes.get(path);
    return receive ? [path, receive] : undefined;
  }

  async function serve(route: string, receive: Receive, req: IncomingMessage, res: ServerResponse) {
    const started = performance.now();
    const stopTimer = deps.httpSeconds.startTimer();
    const requestId = resolveRequestId(req.headers['x-request-id']);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    if (deps.isDraining()) res.setHeader('Connection', 'close');
    let status = 200;
    try {
      const rawBody = await readBody(req, limit);
      if ((header(req, 'content-encoding') ?? 'identity').toLowerCase() !== 'identity') {
        // The signature is over the bytes as sent; providers do not compress webhooks.
        throw new HttpException(
          { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Compressed webhook bodies are not accepted.' },
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        );
      }
      const answer = await receive(req, rawBody);
      send(res, 200, answer.contentType, answer.body);
    } catch (error) {
      const described = describeException(error);
      status = described.status;
      const body: ErrorBody = {
        error: {
          code: described.code ?? errorCodeForStatus(status),
          message: described.message,
          requestId,
        },
      };
      if (!res.headersSent) {
        send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
      } else res.end();
      // One line per refused or failed webhook, like pino-http's, without headers or body.
      const line = {
        requestId,
        req: { method: 'POST', url: route },
        res: { statusCode: status },
        code: body.error.code,
        durationMs: Math.round(performance.now() - started),
      };
      if (described.unexpected) deps.logger.error({ ...line, err: error }, `POST ${route} ${status}`);
      else deps.logger.warn(line, `POST ${route} ${status}`);
    } finally {
      stopTimer({ method: 'POST', route, status: String(status) });
    }
  }

  /** Handles the request when it is a webhook POST; false hands it to the next listener (Express). */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const route = routeOf(req);
    if (!route) return false;
    void serve(route[0], route[1], req, res);
    return true;
  };
}

/**
 * Puts `handle` ahead of the server's request listeners (Express, as Nest attached it): a request
 * it takes never reaches them, every other request goes on to them unchanged.
 */
export function serveFirst(
  server: Server,
  handle: (req: IncomingMessage, res: ServerResponse) => boolean,
): void {
  const others = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (handle(req, res)) return;
    for (const listener of others) listener.call(server, req, res);
  });
}
