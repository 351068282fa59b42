import { randomUUID } from 'node:crypto';
import { moveContactToStage, stageForName, type Prisma, type TenantTransaction } from '@leadline/database';
import type { Effect, RunState, Transition } from '@leadline/flow-core';
import { recordRunOutcome } from './outbound-events';
import type { OutboxRow } from './outbox-relay';
import { recordRunLimitAudit } from './run-limit-audit';

export interface RunContext {
  tenantId: string;
  runId: string;
  flowId: string;
  flowVersionId: string;
  contactId: string;
  conversationId: string | null;
  channelId: string | null;
}

const ENDED = new Set(['completed', 'failed', 'cancelled']);

/** What an exit records beside its port: why it failed, or which button the contact chose. */
export function traceData(entry: Transition['trace'][number]): string | null {
  const data = traceDataOf(entry);
  return data ? JSON.stringify(data) : null;
}

/** traceData's object (null: none), for a statement that takes the trace as JSON (hot-apply.ts). */
export function traceDataOf(entry: Transition['trace'][number]): Record<string, unknown> | null {
  const data = {
    ...(entry.error ? { error: entry.error } : {}),
    ...(entry.option !== undefined ? { option: entry.option } : {}),
  };
  return Object.keys(data).length ? data : null;
}

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

/**
 * Stores a transition in the caller's transaction: the run's new state, its trace, and every effect
 * as rows (messages, timers) plus outbox entries that are published to the queues after commit.
 * Nothing is sent or scheduled before the transaction commits, and nothing is lost if it does.
 * Returns the outbox rows it wrote, so the caller can publish exactly those once it committed (the
 * sweeper publishes any a crash left behind).
 */
export async function persistTransition(
  tx: TenantTransaction,
  run: RunContext,
  transition: Transition,
  now: Date,
): Promise<OutboxRow[]> {
  const outbox: OutboxRow[] = [];
  const state: RunState = transition.state;
  await tx.flowRun.update({
    where: { id: run.runId },
    data: {
      state: json(state),
      status: state.status,
      currentNode: state.node,
      vars: json(state.vars),
      error: state.error ? json(state.error) : undefined,
      ...(ENDED.has(state.status) ? { endedAt: now } : {}),
    },
  });
  if (transition.trace.length) {
    // One statement: the run's next sequence numbers follow its last one (the run row is locked by
    // the update above, so no other transaction appends to this run meanwhile). An exit by the error
    // port says why in `data` (a question's exit, the button chosen); runs show, the API and
    // analytics read it from there.
    const trace = transition.trace;
    await tx.$executeRaw`
      INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, at, type, node_id, port, data)
      SELECT ${run.tenantId}::uuid, ${run.runId}::uuid, ${run.flowId}::uuid, ${run.flowVersionId}::uuid,
             base.seq + t.ord, t.at, t.type, t.node_id, t.port, COALESCE(t.data::jsonb, '{}'::jsonb)
      FROM (SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = ${run.runId}::uuid) base,
           unnest(${trace.map((entry) => new Date(entry.at))}::timestamptz[],
                  ${trace.map((entry) => `node.${entry.kind}`)}::text[],
                  ${trace.map((entry) => entry.nodeId)}::text[],
                  ${trace.map((entry) => entry.port ?? null)}::text[],
                  ${trace.map(traceData)}::text[])
             WITH ORDINALITY AS t(at, type, node_id, port, data, ord)`;
  }
  const sends: SendEffect[] = [];
  for (const effect of transition.effects) {
    if (effect.type === 'send') sends.push(effect);
    else await persistEffect(tx, run, effect, now, outbox);
    await recordRunOutcome(tx, run, effect, state, now);
    await recordRunLimitAudit(tx, run, effect, now);
  }
  if (sends.length) outbox.push(await persistSends(tx, run, sends));
  return outbox;
}

type SendEffect = Extract<Effect, { type: 'send' }>;

/**
 * A transition's messages and the one outbox entry that sends them (in order, from one job): one
 * statement, whatever their number. Their ids are made here, so the outbox payload lists them in
 * the transition's order without reading anything back; `clock_timestamp()` gives each row its own
 * creation time, in that order, as separate inserts did.
 */
async function persistSends(tx: TenantTransaction, run: RunContext, sends: SendEffect[]): Promise<OutboxRow> {
  if (!run.conversationId || !run.channelId)
    throw new Error(`run ${run.runId} has no conversation to send on`);
  const ids = sends.map(() => randomUUID());
  const payload = { channelId: run.channelId, messageIds: ids };
  const [row] = await tx.$queryRaw<Array<{ id: bigint }>>`
    WITH sent AS (
      INSERT INTO messages (id, tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                            idempotency_key, run_id, template_name, created_at, updated_at)
      SELECT m.id, ${run.tenantId}::uuid, ${run.conversationId}::uuid, ${run.contactId}::uuid, ${run.channelId}::uuid,
             'out'::message_direction, m.type, m.body::jsonb, 'queued'::message_status, m.key, ${run.runId}::uuid, m.template, clock_timestamp(), clock_timestamp()
      FROM unnest(${ids}::uuid[], ${sends.map((effect) => effect.message.type)}::text[],
                  ${sends.map((effect) => JSON.stringify({ ...effect.message, nodeId: effect.nodeId }))}::text[],
                  ${sends.map((effect) => effect.id)}::text[],
                  ${sends.map((effect) => (effect.message.type === 'template' ? effect.message.template.name : null))}::text[])
           WITH ORDINALITY AS m(id, type, body, key, template, ord)
      ORDER BY m.ord
      RETURNING 1
    )
    INSERT INTO outbox (tenant_id, kind, payload)
    SELECT ${run.tenantId}::uuid, 'send', ${JSON.stringify(payload)}::jsonb
    WHERE (SELECT count(*) FROM sent) = ${sends.length}
    RETURNING id`;
  if (!row) throw new Error(`run ${run.runId}: its messages were not all stored`);
  return { id: row.id, kind: 'send', payload };
}

async function addOutbox(
  tx: TenantTransaction,
  tenantId: string,
  kind: 'send' | 'activity',
  payload: Record<string, unknown>,
): Promise<OutboxRow> {
  const row = await tx.outboxEntry.create({
    data: { tenantId, kind, payload: json(payload) },
    select: { id: true },
  });
  return { id: row.id, kind, payload };
}

async function persistEffect(
  tx: TenantTransaction,
  run: RunContext,
  effect: Exclude<Effect, SendEffect>,
  now: Date,
  outbox: OutboxRow[],
): Promise<void> {
  switch (effect.type) {
    case 'timer.start':
      await tx.runTimer.create({
        data: {
          tenantId: run.tenantId,
          runId: run.runId,
          contactId: run.contactId,
          timerId: effect.id,
          dueAt: new Date(effect.dueAt),
        },
      });
      // No outbox row: the timer poller fires the run_timers row itself when it falls due.
      return;
    case 'timer.cancel':
      await tx.runTimer.updateMany({
        where: { runId: run.runId, timerId: effect.id, firedAt: null },
        data: { cancelledAt: now },
      });
      return;
    case 'activity.call':
      outbox.push(
        await addOutbox(tx, run.tenantId, 'activity', {
          contactId: run.contactId,
          runId: run.runId,
          requestId: effect.id,
          nodeId: effect.nodeId,
          request: effect.request,
        }),
      );
      return;
    case 'contact.update': {
      const contact = await tx.contact.findUniqueOrThrow({ where: { id: run.contactId } });
      const fields = { ...((contact.fields as Record<string, unknown>) ?? {}), ...(effect.set ?? {}) };
      const removed = new Set(effect.removeTags ?? []);
      const tags = [...new Set([...contact.tags, ...(effect.addTags ?? [])])].filter(
        (tag) => !removed.has(tag),
      );
      await tx.contact.update({
        where: { id: run.contactId },
        data: { fields: json(fields), tags, ...(effect.name ? { name: effect.name } : {}) },
      });
      // The stage is the workspace's pipeline stage of that name (created at the board's end if new),
      // the same the board moves contacts between; the change is recorded as the flow's.
      if (effect.stage) {
        await moveContactToStage(tx, {
          tenantId: run.tenantId,
          contactId: run.contactId,
          stage: await stageForName(tx, run.tenantId, effect.stage),
          actor: { source: 'flow', runId: run.runId },
        });
      }
      return;
    }
    case 'run.handoff':
      if (run.conversationId)
        await tx.conversation.update({ where: { id: run.conversationId }, data: { status: 'handoff' } });
      return;
    case 'run.end':
      return;
  }
}
