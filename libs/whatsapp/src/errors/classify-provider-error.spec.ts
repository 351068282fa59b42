import { classifyProviderError, type ProviderErrorFacts } from './classify-provider-error';

describe('classifyProviderError', () => {
  const meta = (code: number, httpStatus?: number): ProviderErrorFacts => ({
    provider: 'meta',
    code,
    httpStatus,
  });

  it.each([
    [131047, 400],
    [131047, undefined],
  ])('Meta %s (HTTP %s) means the 24-hour window is closed', (code, status) => {
    expect(classifyProviderError(meta(code, status))).toEqual({ kind: 'window_closed' });
  });

  it('Twilio 63016, as the string a status callback carries, means the window is closed', () => {
    expect(classifyProviderError({ provider: 'twilio', code: '63016' })).toEqual({ kind: 'window_closed' });
  });

  it.each([130429, 131000, 131016, 1, 2, 4, 80007])('Meta %s is retryable', (code) => {
    expect(classifyProviderError(meta(code, 400)).kind).toBe('retryable');
  });

  it('Meta 131057 (maintenance) waits about a minute', () => {
    expect(classifyProviderError(meta(131057))).toEqual({ kind: 'retryable', retryAfterMs: 60_000 });
  });

  it('Meta 131049 (per-user marketing cap) waits at least 24 hours', () => {
    expect(classifyProviderError(meta(131049, 400)).retryAfterMs).toBeGreaterThanOrEqual(24 * 3600 * 1000);
  });

  it('Meta 131056 limits one recipient with 4^X second backoff, whatever HTTP status carries it', () => {
    const at = (attempt: number, httpStatus: number) =>
      classifyProviderError({ provider: 'meta', code: 131056, httpStatus, attempt });
    expect(at(0, 400)).toEqual({ kind: 'rate_limited_recipient', retryAfterMs: 1000 });
    expect(at(1, 429)).toEqual({ kind: 'rate_limited_recipient', retryAfterMs: 4000 });
    expect(at(2, 400).retryAfterMs).toBe(16_000);
  });

  it.each([
    [{ provider: 'meta', code: 190, httpStatus: 401 }],
    [{ provider: 'meta', httpStatus: 401 }],
    [{ provider: 'meta', code: 200, httpStatus: 403 }],
    [{ provider: 'twilio', code: 20003, httpStatus: 401 }],
    [{ provider: 'twilio', httpStatus: 401 }],
  ] as Array<[ProviderErrorFacts]>)('%j is an auth problem', (facts) => {
    expect(classifyProviderError(facts).kind).toBe('auth');
  });

  it('Meta 131050 is a permanent opt-out', () => {
    expect(classifyProviderError(meta(131050))).toEqual({ kind: 'permanent', optOut: true });
  });

  it.each([132000, 132001, 131026, 131048, 100, 368, 132015])(
    'Meta %s is permanent even on a 5xx',
    (code) => {
      expect(classifyProviderError(meta(code, 400)).kind).toBe('permanent');
    },
  );

  it('an unknown code falls back to the HTTP status', () => {
    expect(classifyProviderError(meta(999999, 503)).kind).toBe('retryable');
    expect(classifyProviderError(meta(999999, 400)).kind).toBe('permanent');
    expect(classifyProviderError({ provider: 'twilio', code: 21211, httpStatus: 400 }).kind).toBe(
      'permanent',
    );
  });

  it.each([500, 502, 503, 504, 429, 408])('a bare HTTP %s is retryable', (httpStatus) => {
    expect(classifyProviderError({ provider: 'twilio', httpStatus }).kind).toBe('retryable');
  });

  it.each(['timeout', 'network', 'malformed_response'])('local failure %s is retryable', (code) => {
    expect(classifyProviderError({ provider: 'meta', code }).kind).toBe('retryable');
  });

  it.each([
    ['twilio', 63018],
    ['twilio', 20429],
  ] as const)('%s %s (rate limit) is retryable', (provider, code) => {
    expect(classifyProviderError({ provider, code }).kind).toBe('retryable');
  });

  it('returns a fresh object each time, so callers can add a delay safely', () => {
    const first = classifyProviderError(meta(130429));
    first.retryAfterMs = 5;
    expect(classifyProviderError(meta(130429))).toEqual({ kind: 'retryable' });
  });

  it('a refused message with no code or status is permanent', () => {
    expect(classifyProviderError({ provider: 'meta', code: 'invalid_message' }).kind).toBe('permanent');
  });
});
