import { errorForStatus, redactDetail } from './ai-error';

describe('errorForStatus', () => {
  it.each([
    [401, 'AI_AUTH', false],
    [403, 'AI_AUTH', false],
    [429, 'AI_RATE_LIMITED', true],
    [408, 'AI_TIMEOUT', true],
    [500, 'AI_PROVIDER_ERROR', true],
    [503, 'AI_PROVIDER_ERROR', true],
    [400, 'AI_PROVIDER_ERROR', false],
    [404, 'AI_PROVIDER_ERROR', false],
  ])('maps HTTP %i to %s (retryable: %s)', (status, code, retryable) => {
    const error = errorForStatus('gemini', status, { detail: 'the provider said something' });
    expect(error).toMatchObject({ code, retryable, status });
    expect(error.message).toContain('Gemini');
    expect(error.message).not.toContain('the provider said');
  });
});

describe('redactDetail', () => {
  it('removes keys, masked or not, and shortens', () => {
    expect(redactDetail('Incorrect API key provided: sk-proj-abc***************wxyz. See docs.')).toBe(
      'Incorrect API key provided: [redacted]. See docs.',
    );
    expect(redactDetail('key AIzaSyA1234567890abcdef is invalid')).toBe('key [redacted] is invalid');
    expect(redactDetail('Authorization: Bearer abc.def')).toBe('Authorization: [redacted]');
    expect(redactDetail('x'.repeat(1_000))!.length).toBe(300);
    expect(redactDetail('  ')).toBeUndefined();
  });
});
