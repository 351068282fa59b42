/**
 * How long a step of a graceful stop may still wait: what is left of the caller's timeout (the stop's
 * deadline), never more than the step's own bound, never less than nothing. A caller that gives the
 * stop 200 ms gets its answer within about that, not after a fixed second of draining.
 */
export function waitLeft(deadline: number, boundMs: number, now = Date.now()): number {
  return Math.max(0, Math.min(boundMs, deadline - now));
}
