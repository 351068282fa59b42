import { withTenant, type PrismaClient } from '@leadline/database';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import { withAttempts, type ActivityHandler, type ActivityJob, type Clock } from './engine-ports';
import { runBelongsTo, type JobOutcome } from './fire-timer';

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
