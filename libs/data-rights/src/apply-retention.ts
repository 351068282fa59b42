import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { cutoff, type RetentionPolicy } from './retention-policy';

export const RETENTION_BATCH = 1_000;

type Deleter = (tx: TenantTransaction, before: Date, limit: number) => Promise<number>;

/**
 * What each retention setting deletes. Each statement deletes at most `limit` rows, picked by an
 * indexed or small scan, so one batch holds its locks briefly and the engine keeps working.
 */
const DELETERS: Array<{ kind: keyof RetentionPolicy; table: string; run: Deleter }> = [
  {
    kind: 'messagesDays',
    table: 'messages',
    // Queued messages are still to be sent; their send job would lose them.
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM messages WHERE id IN (
        SELECT id FROM messages WHERE created_at < ${before} AND status <> 'queued' LIMIT ${limit})`,
  },
  {
    kind: 'runEventsDays',
    table: 'run_events',
    // By the primary key (run_id, seq): id has no index of its own (migration 20261209020000).
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM run_events WHERE (run_id, seq) IN (
        SELECT run_id, seq FROM run_events WHERE at < ${before} LIMIT ${limit})`,
  },
  {
    kind: 'auditDays',
    table: 'audit_logs',
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM audit_logs WHERE id IN (SELECT id FROM audit_logs WHERE at < ${before} LIMIT ${limit})`,
  },
  {
    kind: 'engineEventsDays',
    table: 'contact_events',
    // Only applied (or set-aside) events: pending ones are work still to do.
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM contact_events WHERE id IN (
        SELECT id FROM contact_events WHERE processed_at IS NOT NULL AND processed_at < ${before} LIMIT ${limit})`,
  },
  {
    kind: 'engineEventsDays',
    table: 'outbox',
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < ${before} LIMIT ${limit})`,
  },
  {
    kind: 'outboundEventsDays',
    table: 'outbound_events',
    // Deliveries and their attempt logs go with their event (ON DELETE CASCADE); an event with a
    // delivery still being retried stays until it is finished.
    run: (tx, before, limit) => tx.$executeRaw`
      DELETE FROM outbound_events WHERE id IN (
        SELECT e.id FROM outbound_events e WHERE e.occurred_at < ${before}
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
        LIMIT ${limit})`,
  },
];

/**
 * Deletes one tenant's data that is older than its policy allows, in batches of `batchSize` rows,
 * each batch its own transaction. Returns the rows deleted per table.
 */
export async function applyRetention(
  prisma: PrismaClient,
  tenantId: string,
  policy: RetentionPolicy,
  now: Date,
  batchSize = RETENTION_BATCH,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  for (const deleter of DELETERS) {
    const before = cutoff(now, policy[deleter.kind]);
    if (!before) continue;
    for (;;) {
      if (signal?.aborted) return deleted;
      const count = await withTenant(prisma, tenantId, (tx) => deleter.run(tx, before, batchSize));
      if (count) deleted[deleter.table] = (deleted[deleter.table] ?? 0) + count;
      if (count < batchSize) break;
    }
  }
  return deleted;
}
