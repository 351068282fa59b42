import { Agent, request } from 'node:http';
import { assertLoopbackUrl } from './loopback';

export interface OutgoingRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface TransportResponse {
  status: number;
  body: string;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

/** Where a URL points, as http.request's options; the same few webhook URLs come back at every POST. */
interface Target {
  hostname: string;
  port?: number;
  path: string;
  auth?: string;
}

const targets = new Map<string, Target>();

/**
 * The checked target of a loopback URL, parsed and checked once per distinct URL: parsing and
 * checking it at every POST was ~3 % of the bench's load generator. A URL that is not loopback
 * throws every time (it is never remembered).
 */
function loopbackTarget(raw: string): Target {
  let target = targets.get(raw);
  if (!target) {
    const url = assertLoopbackUrl(raw);
    // As node:http's own urlToHttpOptions reads a URL, so the request's bytes stay the same.
    target = {
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      path: `${url.pathname}${url.search}`,
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      ...(url.username || url.password
        ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` }
        : {}),
    };
    // A test suite may use many receivers' URLs; only the recent ones are worth keeping.
    if (targets.size >= 64) targets.clear();
    targets.set(raw, target);
  }
  return target;
}

/**
 * One HTTP exchange with a loopback receiver, bounded in time and in how much of the reply is kept.
 * `signal` is for one-off exchanges; a dispatcher ends its requests by destroying its agent instead
 * (one listener per request on a shared signal cost the bench's load generator ~4 % of its CPU).
 */
export function sendToLoopback(
  outgoing: OutgoingRequest,
  agent: Agent,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<TransportResponse> {
  const target = loopbackTarget(outgoing.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...outgoing.headers };
    if (outgoing.body) headers['Content-Length'] = String(outgoing.body.length);
    const options = { ...target, method: outgoing.method ?? 'POST', headers, agent, signal };
    const req = request(options, (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < MAX_RESPONSE_BYTES) {
          chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - kept));
          kept += chunk.length;
        }
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`Webhook receiver did not answer within ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(outgoing.body);
  });
}
