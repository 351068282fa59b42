import type { ContactRef } from './wake';

/**
 * How many contacts of one list job are applied at once: ONE, so that the contacts worker keeps at
 * most its concurrency (16 jobs, ENGINE_QUEUES) of contacts in flight, list jobs or not, which is
 * what its database pool (10 connections) and its group commit of steps are sized for. Measured in
 * issue 21's seventh round (docs/performance.md): 8 at a time let 16 list jobs put up to 128
 * contacts in flight, and the conversation-step saturation fell from ~50 to 15-18 steps/s (contacts
 * queued for connections and each other's locks).
 */
export const LIST_JOB_CONCURRENCY = 1;

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
