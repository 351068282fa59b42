import { withTenant, type PrismaClient } from '@leadline/database';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import type { Clock, TimerJob } from './engine-ports';

/** A timer fell due: put it in the contact's inbox (once, whatever fires it) and wake the contact. */
export async function fireTimer(
  prisma: PrismaClient,
  clock: Clock,
  job: TimerJob,
  wake: (tenantId: string, contactId: string) => Promise<void>,
): Promise<void> {
  await withTenant(prisma, job.tenantId, (tx) =>
    appendContactEvent(tx, {
      tenantId: job.tenantId,
      contactId: job.contactId,
      kind: 'timer',
      payload: { runId: job.runId, timerId: job.timerId },
      dedupeKey: dedupeKeys.timer(job.runId, job.timerId),
      occurredAt: clock.now(),
    }),
  );
  await wake(job.tenantId, job.contactId);
}
