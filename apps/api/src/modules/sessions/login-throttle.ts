/**
 * Login lockout, as plain functions over a counter: after `maxFailures` failed sign-ins within
 * `windowMs`, the key is locked for `lockMs`. The window starts at the first failure; a failure
 * after the window (or after a lock ran out) starts a new one.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export interface ThrottleState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

const MINUTE = 60_000;

/** One person guessing one account's password. */
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
/** One address trying many accounts (credential stuffing); generous, since offices share addresses. */
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 50, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** Milliseconds until the key may try again; 0 when it may try now. */
export function lockRemainingMs(state: ThrottleState | null | undefined, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/** The counter after one more failed sign-in at `now`. */
export function afterFailure(
  state: ThrottleState | null | undefined,
  now: Date,
  policy: ThrottlePolicy,
): ThrottleState {
  const windowOver =
    !state ||
    now.getTime() - state.windowStartedAt.getTime() >= policy.windowMs ||
    (state.lockedUntil !== null && state.lockedUntil <= now);
  const failures = windowOver ? 1 : state.failures + 1;
  const windowStartedAt = windowOver ? now : state.windowStartedAt;
  const lockedUntil =
    failures >= policy.maxFailures
      ? new Date(now.getTime() + policy.lockMs)
      : windowOver
        ? null
        : state.lockedUntil;
  return { failures, windowStartedAt, lockedUntil };
}

/** Whole seconds for a Retry-After header, never 0 while locked. */
export function retryAfterSeconds(remainingMs: number): number {
  return Math.max(1, Math.ceil(remainingMs / 1000));
}
