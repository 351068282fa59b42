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
function traceData(entry: Transition['trace'][number]): string | null {
  const data = {
    ...(entry.error ? { error: entry.error } : {}),
    ...(entry.option !== undefined ? { option: entry.option } : {}),
  };
  return Object.keys(data).length ? JSON.stringify(data) : null;
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
  const sends: string[] = [];
  for (const effect of transition.effects) {
    const messageId = await persistEffect(tx, run, effect, now, outbox);
    if (messageId) sends.push(messageId);
    await recordRunOutcome(tx, run, effect, state, now);
    await recordRunLimitAudit(tx, run, effect, now);
  }
  // One outbox entry for all of a transition's messages: they go out in order, from one job.
  if (sends.length && run.channelId) {
    outbox.push(await addOutbox(tx, run.tenantId, 'send', { channelId: run.channelId, messageIds: sends }));
  }
  return outbox;
}

async function addOutbox(
  tx: TenantTransaction,
  tenantId: string,
  kind: 'send' | 'timer' | 'activity',
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
  effect: Effect,
  now: Date,
  outbox: OutboxRow[],
): Promise<string | undefined> {
  switch (effect.type) {
    case 'send': {
      if (!run.conversationId || !run.channelId)
        throw new Error(`run ${run.runId} has no conversation to send on`);
      const message = await tx.message.create({
        data: {
          tenantId: run.tenantId,
          conversationId: run.conversationId,
          contactId: run.contactId,
          channelId: run.channelId,
          direction: 'out',
          type: effect.message.type,
          body: json({ ...effect.message, nodeId: effect.nodeId }),
          status: 'queued',
          idempotencyKey: effect.id,
          runId: run.runId,
          templateName: effect.message.type === 'template' ? effect.message.template.name : null,
        },
      });
      return message.id;
    }
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
      outbox.push(
        await addOutbox(tx, run.tenantId, 'timer', {
          contactId: run.contactId,
          runId: run.runId,
          timerId: effect.id,
          dueAt: effect.dueAt,
        }),
      );
      return undefined;
    case 'timer.cancel':
      await tx.runTimer.updateMany({
        where: { runId: run.runId, timerId: effect.id, firedAt: null },
        data: { cancelledAt: now },
      });
      return undefined;
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
      return undefined;
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
      return undefined;
    }
    case 'run.handoff':
      if (run.conversationId)
        await tx.conversation.update({ where: { id: run.conversationId }, data: { status: 'handoff' } });
      return undefined;
    case 'run.end':
      return undefined;
  }
}
