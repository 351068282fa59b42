import { afterFailure, lockRemainingMs, retryAfterSeconds, type ThrottlePolicy } from './login-throttle';

const POLICY: ThrottlePolicy = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, seconds));

describe('login throttle', () => {
  it('locks after maxFailures inside the window, for lockMs from the last failure', () => {
    let state = afterFailure(null, at(0), POLICY);
    state = afterFailure(state, at(10), POLICY);
    expect(lockRemainingMs(state, at(11))).toBe(0);
    state = afterFailure(state, at(20), POLICY);
    expect(state.failures).toBe(3);
    expect(lockRemainingMs(state, at(21))).toBe(299_000);
    expect(lockRemainingMs(state, new Date(at(20).getTime() + 300_000))).toBe(0);
  });

  it('starts a new window once the old one is over', () => {
    let state = afterFailure(null, at(0), POLICY);
    state = afterFailure(state, at(30), POLICY);
    state = afterFailure(state, at(61), POLICY);
    expect(state).toEqual({ failures: 1, windowStartedAt: at(61), lockedUntil: null });
  });

  it('gives a fresh window after a lock runs out, and locks again on the next burst', () => {
    let state = afterFailure(afterFailure(afterFailure(null, at(0), POLICY), at(1), POLICY), at(2), POLICY);
    const free = new Date(at(2).getTime() + 300_000);
    state = afterFailure(state, free, POLICY);
    expect(state).toEqual({ failures: 1, windowStartedAt: free, lockedUntil: null });
  });

  it('extends a lock when failures keep coming while locked', () => {
    let state = afterFailure(afterFailure(afterFailure(null, at(0), POLICY), at(1), POLICY), at(2), POLICY);
    state = afterFailure(state, at(30), POLICY);
    expect(state.lockedUntil).toEqual(new Date(at(30).getTime() + 300_000));
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});
