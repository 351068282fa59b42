import type { ContactRef } from './wake';

/**
 * How many contacts of one list job are applied at once. The contacts worker runs 16 jobs at once
 * (ENGINE_QUEUES); a list job's contacts join the same group commit of steps (contact-step-batch.ts,
 * up to 32 steps a transaction) as single-contact jobs do, so a few at a time keep its batches full
 * without one list job taking over the worker's database pool.
 */
export const LIST_JOB_CONCURRENCY = 8;

/**
 * Applies every contact a list job names (wake.ts wakeContactList), LIST_JOB_CONCURRENCY at a time,
 * each with `apply` (what a single contact's job does). Every contact is tried even when another
 * fails; then the first failure is thrown, so BullMQ retries the job with its backoff (a
 * RetryLaterError keeps its delay). The retry applies every contact again: one that succeeded finds
 * nothing pending (its events were committed as applied), so it costs one short read and applies
 * nothing twice; a poisoned event is counted and set aside by the contact processor as under a
 * single contact's job.
 */
export async function applyContactList(
  contacts: readonly ContactRef[],
  apply: (contact: ContactRef) => Promise<void>,
  concurrency = LIST_JOB_CONCURRENCY,
): Promise<void> {
  const failures: unknown[] = [];
  let next = 0;
  const lane = async () => {
    while (next < contacts.length) {
      const contact = contacts[next++];
      await apply(contact).catch((error: unknown) => void failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, contacts.length) }, lane));
  if (failures.length) throw failures[0];
}
