import { classifyProviderError } from '../errors/classify-provider-error';
import { ProviderError, type LocalErrorCode } from '../errors/provider-error';
import type { HttpAnswer, JsonPost } from './node-json-post';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com, or a fake server's URL in tests and demos. */
  graphUrl: string;
  /** e.g. v25.0; empty means the newest version the app may use. */
  graphVersion: string;
  /** Sent as the Bearer header; empty for calls authenticated otherwise (the OAuth code exchange). */
  accessToken: string;
  fetch: typeof fetch;
  /** Sends the JSON POSTs (the messages, the read receipts) instead of `fetch` when set. */
  postJson?: JsonPost;
  timeoutMs: number;
}

export type GraphRequestBody = { json: unknown } | { form: FormData };

export interface GraphRequest {
  method: 'GET' | 'POST';
  /** A path under the versioned base (`/123/messages`) or an absolute URL on the same origin (paging.next). */
  target: string;
  body?: GraphRequestBody;
  /** Retries already made, for the 4^X pair-rate backoff. */
  attempt?: number;
}

interface GraphErrorBody {
  error?: { code?: unknown; error_subcode?: unknown; message?: unknown; error_data?: { details?: unknown } };
}

function retryAfterMs(header: string | null): number | undefined {
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Speaks HTTP to the Graph API: Bearer auth, timeout, JSON, and Graph error bodies turned into
 * classified ProviderErrors. Logs nothing; error messages never hold the token or a request body.
 */
export class GraphClient {
  private readonly base: string;

  constructor(private readonly options: GraphClientOptions) {
    const root = options.graphUrl.replace(/\/+$/, '');
    const version = options.graphVersion.replace(/^\/+|\/+$/g, '');
    this.base = version ? `${root}/${version}` : root;
  }

  get origin(): string {
    return new URL(this.base).origin;
  }

  url(path: string): string {
    return `${this.base}/${path.replace(/^\/+/, '')}`;
  }

  async request(request: GraphRequest): Promise<unknown> {
    const url = /^https?:\/\//.test(request.target) ? request.target : this.url(request.target);
    const headers: Record<string, string> = this.options.accessToken
      ? { Authorization: `Bearer ${this.options.accessToken}` }
      : {};
    let body: string | FormData | undefined;
    if (request.body && 'json' in request.body) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.body.json);
    } else if (request.body) {
      body = request.body.form; // fetch sets the multipart boundary itself
    }
    let answer: HttpAnswer;
    try {
      const { postJson } = this.options;
      answer =
        postJson && request.method === 'POST' && typeof body === 'string'
          ? await postJson(url, headers, body, this.options.timeoutMs)
          : await this.viaFetch(url, request.method, headers, body);
    } catch (error) {
      // Duck-typed: the DOMException may come from another realm (e.g. a test VM), where instanceof fails.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      throw this.failure(
        timedOut ? 'timeout' : 'network',
        undefined,
        timedOut ? 'timed out' : 'network error',
      );
    }
    const { text, status } = answer;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (status < 200 || status > 299) throw this.graphError(answer, parsed, request.attempt);
    if (parsed === undefined || parsed === null || typeof parsed !== 'object') {
      throw this.failure('malformed_response', status, 'response is not a JSON object');
    }
    return parsed;
  }

  private async viaFetch(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | FormData | undefined,
  ): Promise<HttpAnswer> {
    const response = await this.options.fetch(url, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, text, header: (name) => response.headers.get(name) };
  }

  private failure(code: LocalErrorCode, httpStatus: number | undefined, what: string): ProviderError {
    return new ProviderError({
      provider: 'meta',
      classification: classifyProviderError({ provider: 'meta', code }),
      code,
      httpStatus,
      message: `Graph API request failed: ${what}`,
    });
  }

  private graphError(response: HttpAnswer, parsed: unknown, attempt: number | undefined): ProviderError {
    const error = (parsed as GraphErrorBody | undefined)?.error;
    const code = typeof error?.code === 'number' ? error.code : undefined;
    const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
    const details = error?.error_data?.details;
    const text =
      typeof details === 'string' && details
        ? details
        : typeof error?.message === 'string'
          ? error.message
          : '';
    const classification = classifyProviderError({
      provider: 'meta',
      httpStatus: response.status,
      code,
      attempt,
    });
    const headerDelay = retryAfterMs(response.header('retry-after'));
    if (headerDelay !== undefined && classification.kind !== 'permanent' && classification.kind !== 'auth') {
      classification.retryAfterMs = Math.max(classification.retryAfterMs ?? 0, headerDelay);
    }
    return new ProviderError({
      provider: 'meta',
      classification,
      code,
      subcode,
      httpStatus: response.status,
      message: `Graph API error (HTTP ${response.status}${code === undefined ? '' : `, code ${code}`})${text ? `: ${text}` : ''}`,
    });
  }
}
