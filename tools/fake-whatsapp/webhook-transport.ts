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
  const url = assertLoopbackUrl(outgoing.url);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...outgoing.headers };
    if (outgoing.body) headers['Content-Length'] = String(outgoing.body.length);
    const req = request(url, { method: outgoing.method ?? 'POST', headers, agent, signal }, (res) => {
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
