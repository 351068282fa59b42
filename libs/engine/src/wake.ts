import { randomUUID } from 'node:crypto';
import { jobId, type EngineJob, type JobQueue } from './engine-ports';

/** How long a wake-up may wait for Redis; the work is already in PostgreSQL, so giving up is safe. */
export const WAKE_TIMEOUT_MS = 2_500;

/** The prefix of a contact's wake key (BullMQ deduplication id `wake.<contactId>`). */
const WAKE_KEY = 'wake';

/** A contact to wake: its pending events are in PostgreSQL already. */
export interface ContactRef {
  tenantId: string;
  contactId: string;
}

/**
 * A wake is skipped while the contact already has a wake job WAITING (not yet taken by a worker):
 * that job reads the contact's pending events when it starts, so it applies every event committed
 * before this wake. "No event left without a job to apply it" rests on three facts:
 * - the event is committed in PostgreSQL before its wake is sent (ingest, timers, the API);
 * - the check and the add are one atomic Redis step: BullMQ's deduplication with `keepLastIfActive`
 *   runs inside addStandardJob's Lua script, and a worker takes a job (moveToActive) and finishes it
 *   (moveToFinished) in Lua scripts too, so no wake falls between "the job is waiting" and "the job
 *   started";
 * - while the job is ACTIVE (its drain may already have read the pending events), the wake is not
 *   dropped: BullMQ stores it as the key's next job and the script that finishes the active job
 *   enqueues it (with the key pointing at it). So an event appended during a drain, whenever the
 *   drain read, gets a job that starts after it.
 * The contact job releases the key as it starts (wake-key-release.ts), so from then on a wake adds a job
 * at once, which waits only for the contact's lock, not for the whole of the active job (its inline
 * send, its provider call): the steps of a quick conversation are not serialised behind job tails.
 * A job that failed and waits for its retry counts as waiting (the retry drains). A key left behind by
 * a job Redis lost is recovered by BullMQ on the next add (its job hash is gone), and a contact whose
 * wake never reached Redis is found by the sweeper (its own key, sweeper.ts). Each job still has a
 * fresh id, so a finished job never swallows a wake.
 */
function wakeJob({ tenantId, contactId }: ContactRef): EngineJob {
  return {
    queue: 'contacts',
    id: jobId('contact', contactId, randomUUID()),
    data: { tenantId, contactId },
    onceWhileWaiting: jobId(WAKE_KEY, contactId),
  };
}

/** A deduplication id that is a contact's wake key (not the sweeper's `sweep.` key). */
export function isWakeKey(deduplicationId: string): boolean {
  return deduplicationId.startsWith(`${WAKE_KEY}.`);
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
 * Asks a worker to apply the contact's pending events (nothing is added while a wake job of the
 * contact waits, see wakeJob). It rejects after WAKE_TIMEOUT_MS when Redis does not answer (callers
 * log it; the sweeper finds the work), so a webhook or an API call is never held up by a Redis outage.
 */
export function wakeContact(queue: JobQueue, timeoutMs = WAKE_TIMEOUT_MS) {
  return (tenantId: string, contactId: string): Promise<void> =>
    withinTimeout(queue.add(wakeJob({ tenantId, contactId })), timeoutMs);
}

/**
 * Wakes the contacts of one ingest batch with ONE `addBulk` (one Redis round trip instead of one per
 * message): one job per distinct contact that has none waiting, as wakeContact's. A contact with
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
