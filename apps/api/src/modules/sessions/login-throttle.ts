/**
 * Login lockout policy: at most `maxFailures` attempts that did not succeed within `windowMs`; the
 * attempt that reaches the limit locks the key for `lockMs`. The window starts at the first attempt;
 * an attempt after the window (or after a lock ran out) starts a new one. Attempts are counted
 * *before* the password is checked (login-throttle.service.ts), so concurrent guesses cannot all
 * slip in before the first failure is written; a success takes its attempt back.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

const MINUTE = 60_000;

/** One person guessing one account's password. */
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** One address trying many accounts (credential stuffing); generous, since offices share addresses. */
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** The counter as the atomic count left it: `failures` counts this attempt too. */
export interface CountedAttempt {
  failures: number;
  lockedUntil: Date | null;
}

/** Milliseconds this attempt must wait; 0 when it is within the limit and may be evaluated. */
export function refusedForMs(counted: CountedAttempt, now: Date, policy: ThrottlePolicy): number {
  if (counted.failures <= policy.maxFailures) return 0;
  // Over the limit means locked; a missing lock time cannot happen, but must still refuse.
  return Math.max(1, (counted.lockedUntil?.getTime() ?? now.getTime() + policy.lockMs) - now.getTime());
}

/** Whole seconds for a Retry-After header, never 0 while locked. */
export function retryAfterSeconds(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
