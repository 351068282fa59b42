import http from 'node:http';
import https from 'node:https';

/** What the Graph client reads of an HTTP answer. */
export interface HttpAnswer {
  status: number;
  text: string;
  /** A header's value, or null (names in lower case). */
  header(name: string): string | null;
}

/** POSTs a JSON body and reads the whole answer; rejects with a TimeoutError or a network error. */
export type JsonPost = (
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<HttpAnswer>;

/**
 * An idle keep-alive socket is closed after this long, as fetch's (undici's 4 s): kept longer, a
 * reply may go out on a socket the server or a load balancer has just closed, fail with
 * ECONNRESET before Meta read it, and wait for the send job's reconcile delay.
 */
const IDLE_SOCKET_MS = 4_000;

/** An answer larger than this is no Graph API answer to a send: the request is dropped. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * Issue 21, sixth round: the conversation step's two provider calls (the reply, the read receipt)
 * on node:http rather than fetch. fetch (undici) builds a Request, a Response with web streams and
 * an AbortSignal per call: about a sixth of the worker's CPU at saturation in its profile, for a
 * small JSON POST and its small JSON answer (docs/performance.md). One keep-alive pool per process
 * and protocol, as fetch's global dispatcher keeps one.
 */
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_SOCKET_MS }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_SOCKET_MS }),
};

export const postJsonOverNodeHttp: JsonPost = (url, headers, body, timeoutMs) =>
  new Promise<HttpAnswer>((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    // Called back only after `timer` below is set (no request event is emitted synchronously).
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(error);
    };
    const request = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('end', () => {
          clearTimeout(timer);
          const headers = response.headers;
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            header: (name) => {
              const value = headers[name];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
          });
        });
      },
    );
    const timer = setTimeout(() => request.destroy(timeoutError()), timeoutMs);
    request.on('error', fail);
    request.end(body);
  });

function timeoutError(): Error {
  const error = new Error('timed out');
  error.name = 'TimeoutError';
  return error;
}
