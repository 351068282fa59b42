import { classifyProviderError } from '../errors/classify-provider-error';
import { ProviderError, type LocalErrorCode } from '../errors/provider-error';

interface TwilioApiException {
  status: number;
  code?: unknown;
  message?: unknown;
}

function isApiException(error: unknown): error is TwilioApiException {
  return (
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
  );
}

function local(code: LocalErrorCode, what: string): ProviderError {
  return new ProviderError({
    provider: 'twilio',
    classification: classifyProviderError({ provider: 'twilio', code }),
    code,
    message: `Twilio API request failed: ${what}`,
  });
}

/**
 * Turns whatever the SDK threw into a ProviderError: RestException / TwilioServiceException (HTTP
 * status + Twilio code), axios timeouts and connection errors, or an unreadable response. The
 * original is dropped on purpose: axios errors carry the request config, Authorization header included.
 */
export function toTwilioProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (isApiException(error)) {
    const code = typeof error.code === 'number' ? error.code : undefined;
    const text = typeof error.message === 'string' ? error.message : '';
    return new ProviderError({
      provider: 'twilio',
      classification: classifyProviderError({ provider: 'twilio', httpStatus: error.status, code }),
      code,
      httpStatus: error.status,
      message: `Twilio API error (HTTP ${error.status}${code === undefined ? '' : `, code ${code}`})${text ? `: ${text}` : ''}`,
    });
  }
  if (error instanceof SyntaxError) return local('malformed_response', 'response is not JSON');
  const axiosCode = (error as { code?: unknown } | null)?.code;
  if (axiosCode === 'ECONNABORTED' || axiosCode === 'ETIMEDOUT') return local('timeout', 'timed out');
  if ((error as { isAxiosError?: unknown } | null)?.isAxiosError) return local('network', 'network error');
  return new ProviderError({
    provider: 'twilio',
    classification: { kind: 'permanent' },
    message: 'Twilio API request failed: unexpected client error',
  });
}
