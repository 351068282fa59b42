import { pgPoolOf, withTenant, type PrismaClient } from '@leadline/database';
import { runHot } from './sql/hot-sql';
import { MARK_PUBLISHED } from './sql/hot-statements';
import type { InlineClaim } from './send-inline';
import { jobId, type Clock, type EngineJob, type JobQueue } from './engine-ports';

const BATCH = 200;

export interface OutboxRow {
  id: bigint;
  kind: string;
  payload: Record<string, unknown>;
  /** Set when the contact job sends the row's messages itself (send-inline.ts), not a send job. */
  inline?: InlineClaim;
}

/**
 * The job an outbox row stands for; its id is derived from the row, so adding it twice is one job.
 * None for a `timer` row: since issue 21's fifth round timers are fired from PostgreSQL
 * (timer-poller.ts) and steps write no timer rows to the outbox; a row an older version wrote (a
 * rolling deploy) is only marked published, its timer fires from run_timers like any other.
 */
export function toJob(tenantId: string, row: OutboxRow): EngineJob | undefined {
  const p = row.payload;
  switch (row.kind) {
    case 'send':
      return {
        queue: 'send',
        id: jobId('send', String(row.id)),
        data: { tenantId, channelId: String(p.channelId), messageIds: p.messageIds as string[] },
      };
    case 'timer':
      return undefined;
    case 'activity':
      return {
        queue: 'activities',
        id: jobId('activity', String(p.requestId)),
        data: {
          tenantId,
          contactId: String(p.contactId),
          runId: String(p.runId),
          requestId: String(p.requestId),
          nodeId: String(p.nodeId),
          request: p.request as never,
        },
      };
    default:
      throw new Error(`unknown outbox kind "${row.kind}"`);
  }
}

/** The jobs some outbox rows stand for (toJob), without the rows that stand for none. */
export function toJobs(tenantId: string, rows: readonly OutboxRow[]): EngineJob[] {
  return rows.map((row) => toJob(tenantId, row)).filter((job): job is EngineJob => job !== undefined);
}

/**
 * Publishes a tenant's committed effects to the queues. Rows are claimed with SKIP LOCKED and marked
 * published in the same transaction; if the queue is down, the transaction rolls back and the rows
 * wait for the next relay. Job ids are derived from the rows, so a row published twice is one job.
 */
export async function publishOutbox(
  prisma: PrismaClient,
  queue: JobQueue,
  clock: Clock,
  tenantId: string,
): Promise<number> {
  return withTenant(prisma, tenantId, async (tx) => {
    const rows = await tx.$queryRaw<OutboxRow[]>`
      SELECT id, kind, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
    const now = clock.now();
    // One addBulk per queue (a campaign batch is tens of send rows), not a round trip per row.
    if (rows.length) {
      await queue.addBulk(toJobs(tenantId, rows));
      await tx.$executeRaw`UPDATE outbox SET published_at = ${now} WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
    }
    return rows.length;
  });
}

/**
 * Publishes outbox rows the caller has just committed (their ids and payloads are known, so nothing
 * is read back) and marks them published in one statement. System-level, by id: the rows are the
 * caller's own. If the queue is down the rows stay unpublished and the sweeper publishes them later;
 * a row published twice is still one job.
 */
export async function publishCommitted(
  prisma: PrismaClient,
  queue: JobQueue,
  clock: Clock,
  tenantId: string,
  rows: readonly OutboxRow[],
): Promise<number> {
  if (!rows.length) return 0;
  const now = clock.now();
  await queue.addBulk(toJobs(tenantId, rows));
  const pool = pgPoolOf(prisma);
  if (pool) {
    await runHot(pool, MARK_PUBLISHED, [now, rows.map((row) => String(row.id))]);
    return rows.length;
  }
  await prisma.$executeRaw`
    UPDATE outbox SET published_at = ${now} WHERE id = ANY(${rows.map((r) => r.id)}::bigint[]) AND published_at IS NULL`;
  return rows.length;
}
