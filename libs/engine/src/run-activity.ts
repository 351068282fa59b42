import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import { withAttempts, type ActivityHandler, type ActivityJob, type Clock } from './engine-ports';

/** What became of an activity job: done, or ignored because its run is not its contact's in its tenant. */
export type JobOutcome = 'done' | 'foreign_run';

/**
 * Whether the job's run is its contact's, in the job's tenant. Jobs come from Redis, which is not a
 * trusted boundary: a job naming another tenant's run or contact (forged, or from a mix-up) must not
 * put anything in that contact's inbox. Row-level security already hides other tenants' rows from
 * this transaction; the explicit tenant condition says so where it matters. A run that was erased
 * while its job was queued is not found either, and the job is then as good as done.
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

export type ActivityHandlers = Partial<Record<ActivityJob['request']['kind'], ActivityHandler>>;

/**
 * Runs an activity and hands its result to the run as an event. A handler that throws is retried by
 * the queue; a handler's { ok: false } result is final and takes the node's error port. A job whose
 * run is not its contact's in its tenant runs nothing (see runBelongsTo).
 */
export async function runActivity(
  prisma: PrismaClient,
  clock: Clock,
  handlers: ActivityHandlers,
  job: ActivityJob,
  wake: (tenantId: string, contactId: string) => Promise<void>,
  attempt = 1,
): Promise<JobOutcome> {
  // Before the handler runs: it may spend the tenant's AI credits or call out with its secrets.
  if (!(await withTenant(prisma, job.tenantId, (tx) => runBelongsTo(tx, job)))) return 'foreign_run';
  const handler = handlers[job.request.kind];
  const outcome = handler
    ? withAttempts(await handler(job, attempt), attempt)
    : {
        ok: false as const,
        error: {
          code: 'ACTIVITY_UNAVAILABLE',
          message: `This server cannot run "${job.request.kind}" steps yet (no ${job.request.kind} handler is configured).`,
        },
      };
  await withTenant(prisma, job.tenantId, (tx) =>
    appendContactEvent(tx, {
      tenantId: job.tenantId,
      contactId: job.contactId,
      kind: 'activity.result',
      payload: { runId: job.runId, requestId: job.requestId, ...outcome },
      dedupeKey: dedupeKeys.activity(job.requestId),
      occurredAt: clock.now(),
    }),
  );
  await wake(job.tenantId, job.contactId);
  return 'done';
}
