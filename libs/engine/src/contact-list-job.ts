import type { ContactRef } from './wake';

/**
 * At most `size` contacts applied at once in this process, whichever job names them (a contact's
 * own job or a list job, wake.ts wakeContactList). The contacts worker's concurrency (16 jobs,
 * ENGINE_QUEUES) used to be this bound, one contact a job; with list jobs it must be the contacts'
 * own, since that is what the worker's database pool (10 connections) and its group commit of
 * steps are sized for. Measured in issue 21's seventh round (docs/performance.md): 8 contacts a list
 * job at once (up to 128 in flight) cut the conversation-step saturation from ~50 to 15-18 steps/s,
 * one at a time left slots idle while a few long lists ran (39 steps/s).
 */
export class ContactSlots {
  private running = 0;
  private readonly queued: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.queued.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (running stays the same), or is freed.
      const next = this.queued.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}

/**
 * Applies every contact a list job names, each with `apply` (what a single contact's job does,
 * bounded by ContactSlots). Every contact is tried even when another fails; then the first failure
 * is thrown, so BullMQ retries the job with its backoff (a RetryLaterError keeps its delay). The
 * retry applies every contact again: one that succeeded finds nothing pending (its events were
 * committed as applied), so it costs one short read and applies nothing twice; a poisoned event is
 * counted and set aside by the contact processor as under a single contact's job.
 */
export async function applyContactList(
  contacts: readonly ContactRef[],
  apply: (contact: ContactRef) => Promise<void>,
): Promise<void> {
  const settled = await Promise.allSettled(contacts.map((contact) => apply(contact)));
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
