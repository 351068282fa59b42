import type { TenantTransaction } from '@leadline/database';
import { quoteIdentifier, tablesWithContactId } from './contact-tables';

/** Queued jobs that still name the erased contact's runs; the caller removes them after commit. */
export interface QueuedWork {
  /** [runId, timerId] of timers that had not fired. */
  timers: Array<[runId: string, timerId: string]>;
  /** Request ids of the runs' activities (AI, documents, HTTP) that may still be queued. */
  activities: string[];
}

export interface ErasureSummary {
  contactId: string;
  /** Rows deleted per table: what the audit log records (counts only, no personal data). */
  deleted: Record<string, number>;
  queued: QueuedWork;
}

function add(deleted: Record<string, number>, table: string, count: number): void {
  if (count) deleted[table] = (deleted[table] ?? 0) + count;
}

/**
 * Erases a contact and everything derived from it, in the caller's tenant transaction: messages,
 * conversations, runs with their traces and timers, documents, AI usage, the engine's inbox and
 * outbox entries, outbound events. The contact row is locked first, so a worker applying the
 * contact's events waits and then finds nothing; anything already on the queues finds its rows gone
 * (a send skips a missing message). Returns undefined when there is no such contact.
 */
export async function eraseContact(
  tx: TenantTransaction,
  contactId: string,
): Promise<ErasureSummary | undefined> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM contacts WHERE id = ${contactId}::uuid FOR UPDATE`;
  if (!locked.length) return undefined;
  const deleted: Record<string, number> = {};

  const runs = await tx.flowRun.findMany({ where: { contactId }, select: { id: true } });
  const runIds = runs.map((run) => run.id);
  const messages = await tx.message.findMany({
    where: { OR: [{ contactId }, { runId: { in: runIds } }] },
    select: { id: true },
  });
  const messageIds = messages.map((message) => message.id);

  const timers = await tx.runTimer.findMany({
    where: { runId: { in: runIds }, firedAt: null, cancelledAt: null },
    select: { runId: true, timerId: true },
  });
  // Outbox rows carry ids in their payload only: timers and activities name the contact or run,
  // sends list message ids. Unpublished ones would otherwise still be published after the erasure.
  const outbox = await tx.$queryRaw<Array<{ id: bigint; kind: string; request_id: string | null }>>`
    SELECT id, kind, payload->>'requestId' AS request_id FROM outbox
    WHERE payload->>'contactId' = ${contactId}
       OR payload->>'runId' = ANY(${runIds}::text[])
       OR (payload ? 'messageIds' AND payload->'messageIds' ?| ${messageIds}::text[])`;
  const queued: QueuedWork = {
    timers: timers.map((timer) => [timer.runId, timer.timerId]),
    activities: outbox
      .filter((row) => row.kind === 'activity' && row.request_id)
      .map((row) => String(row.request_id)),
  };
  if (outbox.length) {
    add(
      deleted,
      'outbox',
      await tx.$executeRaw`DELETE FROM outbox WHERE id = ANY(${outbox.map((row) => row.id)}::bigint[])`,
    );
  }

  // ai_usage and messages point at runs with ON DELETE SET NULL: delete them before the runs, or
  // rows of the contact's runs without a contact_id would survive.
  add(
    deleted,
    'ai_usage',
    (await tx.aiUsage.deleteMany({ where: { OR: [{ contactId }, { runId: { in: runIds } }] } })).count,
  );
  add(deleted, 'documents', (await tx.document.deleteMany({ where: { contactId } })).count);
  add(deleted, 'messages', (await tx.message.deleteMany({ where: { id: { in: messageIds } } })).count);
  add(deleted, 'run_events', (await tx.runEvent.deleteMany({ where: { runId: { in: runIds } } })).count);
  add(deleted, 'run_timers', (await tx.runTimer.deleteMany({ where: { runId: { in: runIds } } })).count);
  add(deleted, 'flow_runs', (await tx.flowRun.deleteMany({ where: { id: { in: runIds } } })).count);

  // Whatever else names the contact: the inbox, conversations, outbound events, and tables added
  // after this was written.
  for (const table of await tablesWithContactId(tx)) {
    const count = await tx.$executeRawUnsafe(
      `DELETE FROM ${quoteIdentifier(table)} WHERE contact_id = $1::uuid`,
      contactId,
    );
    add(deleted, table, count);
  }
  add(deleted, 'contacts', await tx.$executeRaw`DELETE FROM contacts WHERE id = ${contactId}::uuid`);
  return { contactId, deleted, queued };
}
