import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import type { Clock, TimerJob } from './engine-ports';

/** What became of a timer or activity job: done, or ignored because its run is not its contact's in its tenant. */
export type JobOutcome = 'done' | 'foreign_run';

/**
 * Whether the job's run is its contact's, in the job's tenant. Jobs come from Redis, which is not a
 * trusted boundary: a job naming another tenant's run or contact (forged, or from a mix-up) must not
 * put anything in that contact's inbox. Row-level security already hides other tenants' rows from
 * this transaction; the explicit tenant condition says so where it matters. A run that was erased
 * while its timer was queued is not found either, and the job is then as good as done.
 */
export async function runBelongsTo(
  tx: TenantTransaction,
  job: { tenantId: string; contactId: string; runId: string },
): Promise<boolean> {
  const run = await tx.flowRun.findFirst({
    where: { id: job.runId, contactId: job.contactId, tenantId: job.tenantId },
    select: { id: true },
  });
  return run !== null;
}

/** A timer fell due: put it in the contact's inbox (once, whatever fires it) and wake the contact. */
export async function fireTimer(
  prisma: PrismaClient,
  clock: Clock,
  job: TimerJob,
  wake: (tenantId: string, contactId: string) => Promise<void>,
): Promise<JobOutcome> {
  const fired = await withTenant(prisma, job.tenantId, async (tx) => {
    if (!(await runBelongsTo(tx, job))) return false;
    await appendContactEvent(tx, {
      tenantId: job.tenantId,
      contactId: job.contactId,
      kind: 'timer',
      payload: { runId: job.runId, timerId: job.timerId },
      dedupeKey: dedupeKeys.timer(job.runId, job.timerId),
      occurredAt: clock.now(),
    });
    return true;
  });
  if (!fired) return 'foreign_run';
  await wake(job.tenantId, job.contactId);
  return 'done';
}
