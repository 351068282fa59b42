import { isUuid, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { dedupeKeys, type ContactEventPayload } from './contact-event-payloads';
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

/**
 * A timer fell due: put it in the contact's inbox (once, whatever fires it) and wake the contact.
 * One statement, outside a transaction (issue 21: timers are the engine's bulk work): it checks that
 * the run is the contact's in the job's tenant (runBelongsTo, here as explicit conditions, since no
 * tenant scope is set) and appends the event with the dedupe key that makes a second firing a no-op.
 * The row written is the one `appendContactEvent` writes (contact-events.ts). The sweeper fires
 * with this; the engine's timer jobs fire with its multi-row form, by group commit (fire-timer-batch.ts).
 */
export async function fireTimer(
  prisma: PrismaClient,
  clock: Clock,
  job: TimerJob,
  wake: (tenantId: string, contactId: string) => Promise<void>,
): Promise<JobOutcome> {
  if (!isUuid(job.tenantId) || !isUuid(job.contactId) || !isUuid(job.runId)) return 'foreign_run';
  const payload: ContactEventPayload<'timer'> = { runId: job.runId, timerId: job.timerId };
  const [row] = await prisma.$queryRaw<Array<{ found: boolean }>>`
    WITH run AS (
      SELECT id FROM flow_runs
      WHERE id = ${job.runId}::uuid AND contact_id = ${job.contactId}::uuid AND tenant_id = ${job.tenantId}::uuid
    ), appended AS (
      INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
      SELECT ${job.tenantId}::uuid, ${job.contactId}::uuid, 'timer', ${JSON.stringify(payload)}::jsonb,
             ${dedupeKeys.timer(job.runId, job.timerId)}, ${clock.now()}::timestamptz
      FROM run
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM run) AS found`;
  if (!row?.found) return 'foreign_run';
  await wake(job.tenantId, job.contactId);
  return 'done';
}
