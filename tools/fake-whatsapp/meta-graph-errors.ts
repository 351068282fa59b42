import { randomBytes } from 'node:crypto';

/**
 * Graph error codes the fake can produce. HTTP statuses follow copies of Meta's table where known
 * (100→400, 130429→429, 131000→500, 2→503, 190→401, 4→429, 10→403); for 131047, 131056, 132000 and
 * 132001 the sources disagree, so the fake answers 400 and callers should key on `code`.
 */
const GRAPH_ERRORS: Record<number, { title: string; httpStatus: number }> = {
  0: { title: 'AuthException', httpStatus: 401 },
  1: { title: 'API Unknown', httpStatus: 400 },
  2: { title: 'API Service', httpStatus: 503 },
  4: { title: 'API Too Many Calls', httpStatus: 429 },
  10: { title: 'API Permission Denied', httpStatus: 403 },
  100: { title: 'Invalid parameter', httpStatus: 400 },
  190: { title: 'Access token has expired', httpStatus: 401 },
  368: { title: 'Temporarily blocked for policies violations', httpStatus: 400 },
  130429: { title: 'Rate limit hit', httpStatus: 429 },
  131000: { title: 'Something went wrong', httpStatus: 500 },
  131016: { title: 'Service unavailable', httpStatus: 503 },
  131026: { title: 'Message undeliverable', httpStatus: 400 },
  131047: { title: 'Re-engagement message', httpStatus: 400 },
  131048: { title: 'Spam rate limit hit', httpStatus: 400 },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    httpStatus: 400,
  },
  131050: { title: 'User has stopped marketing messages', httpStatus: 400 },
  131053: { title: 'Media upload error', httpStatus: 400 },
  131056: { title: '(Business Account, Consumer Account) pair rate limit hit', httpStatus: 400 },
  131057: { title: 'Account in maintenance mode', httpStatus: 503 },
  132000: { title: 'Number of parameters does not match the expected number of params', httpStatus: 400 },
  132001: { title: 'Template name does not exist in the translation', httpStatus: 400 },
  133005: { title: 'Two step verification PIN Mismatch', httpStatus: 400 },
  133010: { title: 'Phone number not registered', httpStatus: 400 },
  200: { title: 'Permissions error', httpStatus: 403 },
};

export const ERROR_DOCS_HREF = '/documentation/business-messaging/whatsapp/support/error-codes';

export function graphErrorTitle(code: number): string {
  return GRAPH_ERRORS[code]?.title ?? 'Unknown error';
}

export function graphErrorHttpStatus(code: number): number {
  return GRAPH_ERRORS[code]?.httpStatus ?? 400;
}

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** The synchronous error shape: handling should key on `code` and `error_data.details`. */
export function graphErrorBody(
  code: number,
  details?: string,
  message?: string,
  subcode?: number,
): GraphErrorBody {
  return {
    error: {
      message: message ?? `(#${code}) ${graphErrorTitle(code)}`,
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp' as const, details } }),
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  };
}

export interface WebhookError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

/** The asynchronous error shape carried by `statuses[].errors[]`. */
export function webhookError(code: number, details: string): WebhookError {
  const title = graphErrorTitle(code);
  return { code, title, message: title, error_data: { details }, href: ERROR_DOCS_HREF };
}

/** A synchronous rejection raised while handling a request; the router turns it into a Graph error. */
export class GraphRequestError extends Error {
  readonly httpStatus: number;
  readonly graphMessage?: string;
  readonly subcode?: number;

  constructor(
    readonly code: number,
    readonly details?: string,
    options: { httpStatus?: number; message?: string; subcode?: number } = {},
  ) {
    super(options.message ?? `(#${code}) ${details ?? graphErrorTitle(code)}`);
    this.httpStatus = options.httpStatus ?? graphErrorHttpStatus(code);
    this.graphMessage = options.message;
    this.subcode = options.subcode;
  }

  toBody(): GraphErrorBody {
    return graphErrorBody(this.code, this.details, this.graphMessage, this.subcode);
  }
}
