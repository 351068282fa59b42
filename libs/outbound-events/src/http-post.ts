import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup } from './url-guard';

export interface PostResult {
  /** The receiver's status code; undefined when no answer came (refused, timed out, private address). */
  statusCode?: number;
  durationMs: number;
  error?: string;
}

export interface PostOptions {
  timeoutMs: number;
  allowPrivateNetworks: boolean;
}

/**
 * POSTs a body and reports what happened, never throwing. Redirects are not followed (a 3xx is a
 * failure: the subscription should name the final URL), and the response body is read and dropped,
 * never stored: it is the receiver's, not ours to keep.
 */
export function postJson(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<PostResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, durationMs: elapsed() });
    };
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(options.allowPrivateNetworks) as never,
        timeout: options.timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          finish(
            status >= 200 && status < 300
              ? { statusCode: status }
              : { statusCode: status, error: `HTTP ${status}` },
          );
        });
        res.on('error', (error) => finish({ statusCode: res.statusCode, error: error.message }));
      },
    );
    req.on('timeout', () => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    });
    req.on('error', (error) => finish({ error: error.message.slice(0, 500) }));
    req.end(body);
  });
}
