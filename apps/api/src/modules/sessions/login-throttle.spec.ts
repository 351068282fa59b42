import { refusedForMs, retryAfterSeconds, type ThrottlePolicy } from './login-throttle';

const POLICY: ThrottlePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
const now = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));

describe('login throttle', () => {
  it('lets attempts up to the limit be evaluated and refuses the rest until the lock ends', () => {
    expect(refusedForMs({ failures: 1, lockedUntil: null }, now, POLICY)).toBe(0);
    // The attempt that reaches the limit is still evaluated (it sets the lock for the next ones).
    const lockedUntil = new Date(now.getTime() + 300_000);
    expect(refusedForMs({ failures: 3, lockedUntil }, now, POLICY)).toBe(0);
    expect(refusedForMs({ failures: 4, lockedUntil }, now, POLICY)).toBe(300_000);
    // Over the limit is refused even if the lock time were missing.
    expect(refusedForMs({ failures: 4, lockedUntil: null }, now, POLICY)).toBe(300_000);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
