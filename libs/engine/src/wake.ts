import { randomUUID } from 'node:crypto';
import { jobId, type EngineJob, type JobQueue } from './engine-ports';

/** How long a wake-up may wait for Redis; the work is already in PostgreSQL, so giving up is safe. */
export const WAKE_TIMEOUT_MS = 2_500;

/** A contact to wake: its pending events are in PostgreSQL already. */
export interface ContactRef {
  tenantId: string;
  contactId: string;
}

/** Every wake is its own job (a fresh id), so a wake is never swallowed by an earlier, finished one. */
function wakeJob({ tenantId, contactId }: ContactRef): EngineJob {
  return { queue: 'contacts', id: jobId('contact', contactId, randomUUID()), data: { tenantId, contactId } };
}

/** Rejects after `timeoutMs` when Redis does not answer (callers log it; the sweeper finds the work). */
async function withinTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks a worker to apply the contact's pending events. Every wake is its own job; they are cheap. It
 * rejects after WAKE_TIMEOUT_MS when Redis does not answer (callers log it; the sweeper finds the work),
 * so a webhook or an API call is never held up by a Redis outage.
 */
export function wakeContact(queue: JobQueue, timeoutMs = WAKE_TIMEOUT_MS) {
  return (tenantId: string, contactId: string): Promise<void> =>
    withinTimeout(queue.add(wakeJob({ tenantId, contactId })), timeoutMs);
}

/**
 * Wakes the contacts of one ingest batch with ONE `addBulk` (one Redis round trip instead of one per
 * message): one job per distinct contact, each with its own id as wakeContact's. A contact with
 * several events in the batch needs one wake, since a worker applies all of a contact's pending
 * events (and wakes the contact again when it stops at its batch limit). Same timeout as wakeContact.
 */
export function wakeContacts(queue: JobQueue, timeoutMs = WAKE_TIMEOUT_MS) {
  return async (contacts: readonly ContactRef[]): Promise<void> => {
    const distinct = new Map<string, ContactRef>();
    for (const contact of contacts) distinct.set(contact.contactId, contact);
    if (!distinct.size) return;
    await withinTimeout(queue.addBulk([...distinct.values()].map(wakeJob)), timeoutMs);
  };
}
