import { AiError } from '../ai-error';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first delay; doubled each time, with up to 25 % jitter, capped at `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  signal?: AbortSignal;
}

/** Runs `attempt` again on retryable AiErrors, a bounded number of times with exponential backoff. */
export async function withRetries<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      const again = error instanceof AiError && error.retryable && retry < policy.maxRetries;
      if (!again || policy.signal?.aborted) throw error;
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry) * (1 - Math.random() * 0.25);
      await sleep(delay, policy.signal);
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
