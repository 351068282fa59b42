/** Attempts per delivery, the first included; after the last failure the delivery is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 8;

/** First retry after 30 s, then three times longer each time (30 s, 1.5 min, ... about 6 h): ~9 h in all. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_FACTOR = 3;

/** The wait before attempt `failedAttempts + 1`, after `failedAttempts` failures (1 or more). */
export function retryDelayMs(failedAttempts: number, baseMs = BACKOFF_BASE_MS): number {
  return baseMs * BACKOFF_FACTOR ** Math.max(0, failedAttempts - 1);
}
