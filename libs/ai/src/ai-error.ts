export type AiErrorCode =
  'AI_TIMEOUT' | 'AI_RATE_LIMITED' | 'AI_PROVIDER_ERROR' | 'AI_AUTH' | 'AI_BAD_OUTPUT';

export interface AiErrorOptions {
  /** The provider's HTTP status, when there was one. */
  status?: number;
  /** What the provider said, redacted and shortened: for operators' logs, never for contacts. */
  detail?: string;
  /** Tokens the failed call still used (a refused or malformed answer is billed too). */
  usage?: { inputTokens: number; outputTokens: number };
  cause?: unknown;
}

/**
 * A failed AI call. `message` is short, fixed text that is safe to store on the run and show in the
 * editor; whatever the provider said stays in `detail`.
 */
export class AiError extends Error {
  readonly status?: number;
  readonly detail?: string;
  readonly usage?: { inputTokens: number; outputTokens: number };

  constructor(
    readonly code: AiErrorCode,
    message: string,
    readonly retryable: boolean,
    options: AiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AiError';
    this.status = options.status;
    this.detail = options.detail;
    this.usage = options.usage;
  }
}

const SECRET_LIKE = /\b(sk-[A-Za-z0-9_*-]{6,}|AIza[A-Za-z0-9_-]{10,}|Bearer\s+\S+)/g;

/** Provider text for logs: keys (even masked ones) removed, at most 300 characters. */
export function redactDetail(text: unknown): string | undefined {
  if (typeof text !== 'string' || !text.trim()) return undefined;
  const redacted = text.replace(SECRET_LIKE, '[redacted]').replace(/\s+/g, ' ').trim();
  return redacted.length > 300 ? `${redacted.slice(0, 299)}…` : redacted;
}

/** Maps an HTTP status from a provider to our error, with a message that says nothing the provider said. */
export function errorForStatus(provider: string, status: number, options: AiErrorOptions = {}): AiError {
  const name = provider === 'gemini' ? 'Gemini' : 'OpenAI';
  if (status === 401 || status === 403) {
    return new AiError('AI_AUTH', `${name} rejected the API key (HTTP ${status}).`, false, {
      status,
      ...options,
    });
  }
  if (status === 429) {
    return new AiError('AI_RATE_LIMITED', `${name} is rate-limiting this workspace; try again later.`, true, {
      status,
      ...options,
    });
  }
  if (status === 408) {
    return new AiError('AI_TIMEOUT', `${name} did not answer in time.`, true, { status, ...options });
  }
  const retryable = status >= 500 || status === 409;
  return new AiError('AI_PROVIDER_ERROR', `${name} failed to answer (HTTP ${status}).`, retryable, {
    status,
    ...options,
  });
}

export function timeoutError(provider: string, cause?: unknown): AiError {
  const name = provider === 'gemini' ? 'Gemini' : 'OpenAI';
  return new AiError('AI_TIMEOUT', `${name} did not answer in time.`, true, { cause });
}

export function connectionError(provider: string, cause?: unknown): AiError {
  const name = provider === 'gemini' ? 'Gemini' : 'OpenAI';
  return new AiError('AI_PROVIDER_ERROR', `${name} could not be reached.`, true, {
    cause,
    detail: redactDetail(cause instanceof Error ? cause.message : undefined),
  });
}

export function badOutput(message: string, usage?: AiErrorOptions['usage']): AiError {
  return new AiError('AI_BAD_OUTPUT', message, false, { usage });
}
