import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';

/**
 * Temporal's remote codec protocol (what the Web UI and `temporal --codec-endpoint` call): POST
 * /encode or /decode with proto3 JSON `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`,
 * answered in the same shape. The payloads it opens hold personal data, so every call needs the
 * bearer token and only the listed origins (the UI's) get CORS headers.
 */
export interface CodecServerOptions {
  codec: PayloadCodec;
  /** Bearer tokens accepted (any of them; rotate by listing the new one beside the old). */
  tokens: string[];
  /** Origins allowed to call from a browser, e.g. the Temporal UI's `http://localhost:8080`. */
  allowedOrigins: string[];
  /** Largest request body (Temporal's own gRPC limit is 4 MB). */
  maxBodyBytes?: number;
}

const payloadsJson = z.object({
  payloads: z.array(
    z.object({
      metadata: z.record(z.string(), z.string()).optional(),
      data: z.string().optional(),
    }),
  ),
});
type PayloadsJson = z.infer<typeof payloadsJson>;

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fromJson(body: PayloadsJson): Payload[] {
  return body.payloads.map((payload) => ({
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  }));
}

function toJson(payloads: Payload[]): PayloadsJson {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value ?? []).toString('base64'),
        ]),
      ),
      data: Buffer.from(payload.data ?? []).toString('base64'),
    })),
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compares in constant time whatever the lengths (hashes of equal length). */
function authorised(header: string | undefined, tokens: Buffer[]): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match) return false;
  const offered = digest(match[1].trim());
  return tokens.some((token) => timingSafeEqual(offered, token));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpProblem(413, 'BODY_TOO_LARGE', `the body exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The request handler (exported for tests and for mounting behind another server). */
export function codecRequestHandler(
  options: CodecServerOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  if (!options.tokens.length) throw new Error('the codec server needs at least one token');
  const tokens = options.tokens.map(digest);
  const origins = new Set(options.allowedOrigins);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY;

  const send = (response: ServerResponse, status: number, body?: unknown) => {
    if (body === undefined) {
      response.writeHead(status).end();
      return;
    }
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };

  return (request, response) => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Access-Control-Allow-Credentials', 'true');
      response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      response.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Namespace');
      response.setHeader('Access-Control-Max-Age', '600');
      response.setHeader('Vary', 'Origin');
    }
    const path = (request.url ?? '').split('?')[0];
    const operation = path === '/encode' ? 'encode' : path === '/decode' ? 'decode' : undefined;
    if (request.method === 'OPTIONS') {
      // A browser's preflight carries no credentials; the POST that follows is checked.
      send(response, operation ? 204 : 404);
      return;
    }
    void (async () => {
      try {
        if (!operation) throw new HttpProblem(404, 'NOT_FOUND', 'POST /encode or /decode');
        if (request.method !== 'POST') throw new HttpProblem(405, 'METHOD_NOT_ALLOWED', 'use POST');
        if (!authorised(request.headers.authorization, tokens))
          throw new HttpProblem(401, 'UNAUTHORIZED', 'a valid "Authorization: Bearer <token>" is required');
        const text = await readBody(request, limit);
        let parsed: PayloadsJson;
        try {
          parsed = payloadsJson.parse(JSON.parse(text));
        } catch {
          throw new HttpProblem(
            400,
            'INVALID_PAYLOADS',
            'the body must be {"payloads": [{"metadata", "data"}]}',
          );
        }
        let result: Payload[];
        try {
          result = await options.codec[operation](fromJson(parsed));
        } catch (error) {
          throw new HttpProblem(422, 'PAYLOAD_UNREADABLE', String((error as Error)?.message ?? error));
        }
        send(response, 200, toJson(result));
      } catch (error) {
        // Never echo or log the payloads: they are personal data.
        if (error instanceof HttpProblem)
          send(response, error.status, { code: error.code, message: error.message });
        else send(response, 500, { code: 'INTERNAL', message: 'the codec failed' });
      }
    })();
  };
}

/** Starts the codec server; resolves once it listens (port 0: any free port, see `server.address()`). */
export async function startCodecServer(
  options: CodecServerOptions & { port: number; host?: string },
): Promise<Server> {
  const server = createServer(codecRequestHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return server;
}
