import type { ProviderName } from '../events/channel-event';

export type ErrorKind = 'window_closed' | 'retryable' | 'permanent' | 'rate_limited_recipient' | 'auth';

export interface ErrorClassification {
  kind: ErrorKind;
  /** Wait at least this long before retrying (for the recipient only, when rate_limited_recipient). */
  retryAfterMs?: number;
  /** The user opted out of marketing (Meta 131050): stop sending them marketing templates. */
  optOut?: boolean;
}

/**
 * Codes that are not the provider's: `timeout` and `network` (no answer), `malformed_response`
 * (an answer we could not read), `invalid_message` and `invalid_recipient` (refused before sending),
 * `template_not_mapped` (Twilio has no ContentSid for the template).
 */
export type LocalErrorCode =
  | 'timeout'
  | 'network'
  | 'malformed_response'
  | 'invalid_message'
  | 'invalid_recipient'
  | 'template_not_mapped';

export interface ProviderErrorInit {
  provider: ProviderName;
  classification: ErrorClassification;
  message: string;
  code?: number | LocalErrorCode;
  /** Graph's `error_subcode` (e.g. 36007, an expired authorization code), when it gave one. */
  subcode?: number;
  httpStatus?: number;
}

/**
 * A failed provider call. The message never carries tokens or message content, and no `cause` is
 * attached because HTTP client errors hold request headers (Authorization) that loggers would print.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: ProviderName;
  readonly classification: ErrorClassification;
  readonly code?: number | LocalErrorCode;
  readonly subcode?: number;
  readonly httpStatus?: number;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.provider = init.provider;
    this.classification = init.classification;
    this.code = init.code;
    this.subcode = init.subcode;
    this.httpStatus = init.httpStatus;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
