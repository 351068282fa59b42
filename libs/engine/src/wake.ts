import { randomUUID } from 'node:crypto';
import { jobId, type JobQueue } from './engine-ports';

/** How long a wake-up may wait for Redis; the work is already in PostgreSQL, so giving up is safe. */
export const WAKE_TIMEOUT_MS = 2_500;

/**
 * Asks a worker to apply the contact's pending events. Every wake is its own job; they are cheap. It
 * rejects after WAKE_TIMEOUT_MS when Redis does not answer (callers log it; the sweeper finds the work),
 * so a webhook or an API call is never held up by a Redis outage.
 */
export function wakeContact(queue: JobQueue, timeoutMs = WAKE_TIMEOUT_MS) {
  return async (tenantId: string, contactId: string): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([
        queue.add({
          queue: 'contacts',
          id: jobId('contact', contactId, randomUUID()),
          data: { tenantId, contactId },
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}
