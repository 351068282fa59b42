import type { TenantTransaction } from '@leadline/database';
import type { Effect, RunState } from '@leadline/flow-core';
import { recordOutboundEvent } from '@leadline/outbound-events';
import { notifyHandoff, notifyLeadCaptured, notifyMessageFailed } from './notification-events';
import type { RunContext } from './persist-transition';

/**
 * The engine's outbound events (tenants' webhooks) and, beside each, its notification event, recorded in the transaction that applies what
 * they report, so an event exists exactly when its change was committed. Payloads are built only
 * when the tenant subscribed to the type.
 */

async function runSummary(tx: TenantTransaction, run: RunContext, state: RunState) {
  const version = await tx.flowVersion.findUnique({
    where: { id: run.flowVersionId },
    select: { version: true, flow: { select: { key: true } } },
  });
  return {
    id: run.runId,
    flow: version?.flow.key ?? null,
    flowVersion: version?.version ?? null,
    status: state.status,
    node: state.node ?? null,
    vars: state.vars,
  };
}

/** run.completed (a run that ended completed) and run.handoff, from a transition's effects. */
export async function recordRunOutcome(
  tx: TenantTransaction,
  run: RunContext,
  effect: Effect,
  state: RunState,
  now: Date,
): Promise<void> {
  if (effect.type === 'run.end' && effect.status === 'completed') {
    await recordOutboundEvent(tx, {
      tenantId: run.tenantId,
      type: 'run.completed',
      contactId: run.contactId,
      occurredAt: now,
      data: async (t) => ({ run: await runSummary(t, run, state) }),
    });
  } else if (effect.type === 'run.handoff') {
    await recordOutboundEvent(tx, {
      tenantId: run.tenantId,
      type: 'run.handoff',
      contactId: run.contactId,
      occurredAt: now,
      data: async (t) => ({
        run: await runSummary(t, run, state),
        handoff: { nodeId: effect.nodeId, note: effect.note ?? null },
      }),
    });
    await notifyHandoff(tx, run, effect.note ?? null, now);
  }
}

/** lead.captured: a lead submitted through the API was accepted (a repeated Idempotency-Key is not). */
export async function recordLeadCaptured(
  tx: TenantTransaction,
  lead: { tenantId: string; contactId: string; flowKey: string },
  now: Date,
): Promise<void> {
  await recordOutboundEvent(tx, {
    tenantId: lead.tenantId,
    type: 'lead.captured',
    contactId: lead.contactId,
    occurredAt: now,
    data: async (t) => {
      const contact = await t.contact.findUnique({ where: { id: lead.contactId }, select: { fields: true } });
      return { lead: { flow: lead.flowKey, fields: contact?.fields ?? {} } };
    },
  });
  await notifyLeadCaptured(tx, lead, now);
}

/**
 * message.failed: a message we sent was refused for good, by us (an unapproved template, an opted-out
 * contact) or by the provider (a failed status, the 24-hour window closed).
 */
export async function recordMessageFailed(
  tx: TenantTransaction,
  tenantId: string,
  message: { id: string; contactId: string; runId: string | null; templateName?: string | null },
  failure: { code: string | null; error: string | null; windowClosed: boolean },
  now: Date,
): Promise<void> {
  await recordOutboundEvent(tx, {
    tenantId,
    type: 'message.failed',
    contactId: message.contactId,
    occurredAt: now,
    data: {
      message: {
        id: message.id,
        runId: message.runId,
        template: message.templateName ?? null,
        reason: failure.windowClosed ? 'window_closed' : 'permanent',
        code: failure.code,
        error: failure.error,
      },
    },
  });
  await notifyMessageFailed(tx, tenantId, message, failure.windowClosed, now);
}
