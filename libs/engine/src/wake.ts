import { randomUUID } from 'node:crypto';
import { jobId, type JobQueue } from './engine-ports';

/** Asks a worker to apply the contact's pending events. Every wake is its own job; they are cheap. */
export function wakeContact(queue: JobQueue) {
  return (tenantId: string, contactId: string) =>
    queue.add({
      queue: 'contacts',
      id: jobId('contact', contactId, randomUUID()),
      data: { tenantId, contactId },
    });
}
