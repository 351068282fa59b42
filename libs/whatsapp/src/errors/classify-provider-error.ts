import type { ProviderName } from '../events/channel-event';
import type { ErrorClassification, LocalErrorCode } from './provider-error';

export interface ProviderErrorFacts {
  provider: ProviderName;
  httpStatus?: number;
  /** The provider's numeric code (also as a string, as Twilio callbacks send it), or a local code. */
  code?: number | string;
  /** How many times this send was already retried; drives the 4^X backoff of Meta's pair rate limit. */
  attempt?: number;
}

const SECOND = 1000;
const DAY = 24 * 3600 * SECOND;

const RETRYABLE: ErrorClassification = { kind: 'retryable' };
const PERMANENT: ErrorClassification = { kind: 'permanent' };
const AUTH: ErrorClassification = { kind: 'auth' };
const WINDOW_CLOSED: ErrorClassification = { kind: 'window_closed' };

const RETRYABLE_LOCAL = new Set<string>([
  'timeout',
  'network',
  'malformed_response',
] satisfies LocalErrorCode[]);

// Meta Cloud API codes (reference §3.2). The sandbox mimics Meta, so it shares this table.
function metaCode(code: number, attempt: number): ErrorClassification | undefined {
  switch (code) {
    case 131047:
      return WINDOW_CLOSED;
    case 131056:
      // Pair rate limit: only this recipient waits, 1 s, 4 s, 16 s, ... (4^X seconds).
      return { kind: 'rate_limited_recipient', retryAfterMs: 4 ** Math.max(0, attempt) * SECOND };
    case 131049:
      // Per-user marketing cap: retrying sooner than 24 h extends the block.
      return { kind: 'retryable', retryAfterMs: DAY };
    case 131057:
      // Maintenance, e.g. the throughput upgrade's ~1 minute of downtime.
      return { kind: 'retryable', retryAfterMs: 60 * SECOND };
    case 130429:
    case 131000:
    case 131016:
    case 1:
    case 2:
    case 4:
    case 80007:
      return RETRYABLE;
    case 131050:
      return { kind: 'permanent', optOut: true };
    case 0:
    case 190:
    case 10:
      return AUTH;
    default:
      // 200-299: the token lacks a permission; like an expired token, a human has to fix it.
      return code >= 200 && code <= 299 ? AUTH : undefined;
  }
}

// Twilio REST and callback codes (reference §8.5 and Twilio's error dictionary).
function twilioCode(code: number): ErrorClassification | undefined {
  switch (code) {
    case 63016:
      return WINDOW_CLOSED;
    case 20003:
      return AUTH;
    case 20429:
    case 20500:
    case 20503:
    case 63017:
    case 63018:
      return RETRYABLE;
    default:
      return undefined;
  }
}

function byHttpStatus(status: number | undefined): ErrorClassification {
  if (status === undefined) return PERMANENT;
  if (status === 401) return AUTH;
  if (status === 408 || status === 429 || status >= 500) return RETRYABLE;
  return PERMANENT;
}

/**
 * Decides what the engine does with a failed send. The provider's code wins over the HTTP status
 * (Meta's statuses for the same code disagree between sources); unknown codes fall back to the status:
 * 401 auth, 408/429/5xx retryable, anything else permanent.
 */
export function classifyProviderError(facts: ProviderErrorFacts): ErrorClassification {
  // A fresh object each time: callers may add a Retry-After delay to it.
  return { ...classify(facts) };
}

function classify(facts: ProviderErrorFacts): ErrorClassification {
  const raw = facts.code;
  if (typeof raw === 'string' && RETRYABLE_LOCAL.has(raw)) return RETRYABLE;
  const code =
    typeof raw === 'number' ? raw : raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
  if (code !== undefined) {
    const known = facts.provider === 'twilio' ? twilioCode(code) : metaCode(code, facts.attempt ?? 0);
    if (known) return known;
  }
  return byHttpStatus(facts.httpStatus);
}
