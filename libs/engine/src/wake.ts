import { randomUUID } from 'node:crypto';
import { jobId, type EngineJob, type JobQueue } from './engine-ports';
import { MAX_CONTACTS_PER_WAKE } from './job-schemas';

/** How long a wake-up may wait for Redis; the work is already in PostgreSQL, so giving up is safe. */
export const WAKE_TIMEOUT_MS = 2_500;

/** The prefix of a contact's wake key (BullMQ deduplication id `wake.<contactId>`). */
const WAKE_KEY = 'wake';

/** A contact to wake: its pending events are in PostgreSQL already. */
export interface ContactRef {
  tenantId: string;
  contactId: string;
}

/** The contacts a contacts job names: one (a contact's wake) or a list (an ingest batch's). */
export function contactsOf(data: ContactRef | { contacts: readonly ContactRef[] }): readonly ContactRef[] {
  return 'contacts' in data ? data.contacts : [data];
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

/** A contacts job naming several contacts, with a fresh id (never deduplicated, see wakeContactList). */
function listWakeJob(contacts: ContactRef[]): EngineJob {
  return {
    queue: 'contacts',
    id: jobId('contacts', randomUUID()),
    data: { contacts: contacts.map(({ tenantId, contactId }) => ({ tenantId, contactId })) },
  };
}

/**
 * Wakes the contacts of one ingest batch with ONE job for the batch (up to MAX_CONTACTS_PER_WAKE
 * contacts a job) instead of one job per contact: BullMQ adds a job with one Lua call (and a worker
 * takes and finishes it with two more), so an `addBulk` of N jobs cost N calls in the API and
 * Redis, and 2N in the worker; a list costs one each (issue 21's seventh round). A batch that woke
 * a single contact (the common case at a conversation's pace) keeps wakeContacts's job and its
 * deduplication.
 *
 * Why a list job is safe without the per-contact deduplication: that key bounds the queue (one
 * waiting job per contact) and saves work; no event depends on it. What an event needs is a job
 * that starts after its commit and applies the contact's pending events, and the list job is one:
 * it is added after the batch committed, and the contacts worker applies each contact it names as
 * a job of its own would (EmbeddedEngine's contacts handler): the contact's pending events read
 * under the contact's lock, so a contact is applied by one job at a time and in event order, however
 * many jobs (list or not) name it. A contact named by a list job while its own wake job waits is
 * applied by whichever starts first; the other finds nothing pending (one short read). BullMQ keys
 * a deduplication on the whole job (one id a job), so a list cannot carry one key per contact; the
 * queue stays bounded by the ingest batches (one list job each) rather than by contacts.
 */
export function wakeContactList(queue: JobQueue, timeoutMs = WAKE_TIMEOUT_MS) {
  return async (contacts: readonly ContactRef[]): Promise<void> => {
    const distinct = new Map<string, ContactRef>();
    for (const contact of contacts) distinct.set(contact.contactId, contact);
    if (!distinct.size) return;
    const all = [...distinct.values()];
    if (all.length === 1) return withinTimeout(queue.add(wakeJob(all[0])), timeoutMs);
    const jobs: EngineJob[] = [];
    for (let at = 0; at < all.length; at += MAX_CONTACTS_PER_WAKE)
      jobs.push(listWakeJob(all.slice(at, at + MAX_CONTACTS_PER_WAKE)));
    await withinTimeout(jobs.length === 1 ? queue.add(jobs[0]) : queue.addBulk(jobs), timeoutMs);
  };
}
