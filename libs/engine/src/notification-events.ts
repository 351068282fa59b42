import type { TenantTransaction } from '@leadline/database';
import { contactSummary, recordNotificationEvent } from '@leadline/notifications';

/**
 * The engine's notification events (people of the workspace: e-mail, web push), recorded in the same
 * transaction as what they report, beside the outbound webhook events. One insert each: who hears of
 * them, when and how is decided later by the notifications dispatcher, never inside the engine.
 */

export async function notifyHandoff(
  tx: TenantTransaction,
  run: { tenantId: string; contactId: string; conversationId: string | null },
  note: string | null,
  now: Date,
): Promise<void> {
  await recordNotificationEvent(tx, {
    tenantId: run.tenantId,
    type: 'conversation.handoff',
    contactId: run.contactId,
    conversationId: run.conversationId,
    payload: { contact: await contactSummary(tx, run.contactId), note },
    occurredAt: now,
  });
}

export async function notifyLeadCaptured(
  tx: TenantTransaction,
  lead: { tenantId: string; contactId: string; flowKey: string },
  now: Date,
): Promise<void> {
  await recordNotificationEvent(tx, {
    tenantId: lead.tenantId,
    type: 'lead.captured',
    contactId: lead.contactId,
    payload: { contact: await contactSummary(tx, lead.contactId), flow: lead.flowKey },
    occurredAt: now,
  });
}

export async function notifyMessageFailed(
  tx: TenantTransaction,
  tenantId: string,
  message: { id: string; contactId: string; templateName?: string | null },
  windowClosed: boolean,
  now: Date,
): Promise<void> {
  const row = await tx.message.findUnique({ where: { id: message.id }, select: { conversationId: true } });
  await recordNotificationEvent(tx, {
    tenantId,
    type: 'message.failed',
    contactId: message.contactId,
    conversationId: row?.conversationId ?? null,
    payload: {
      contact: await contactSummary(tx, message.contactId),
      reason: windowClosed ? 'window_closed' : 'permanent',
      template: message.templateName ?? null,
    },
    occurredAt: now,
  });
}

/**
 * A customer wrote in a conversation someone is assigned to: that person hears of it. The text is
 * kept with the event (erased with the contact) and shown only if the workspace allows quoting.
 */
export async function notifyCustomerReplied(
  tx: TenantTransaction,
  inbound: {
    tenantId: string;
    contactId: string;
    conversationId: string;
    text: string | null;
    /** The conversation's assignee, as the caller just read it (no second read). */
    assignedUserId: string | null;
  },
  now: Date,
): Promise<void> {
  if (!inbound.assignedUserId) return;
  await recordNotificationEvent(tx, {
    tenantId: inbound.tenantId,
    type: 'customer.replied',
    contactId: inbound.contactId,
    conversationId: inbound.conversationId,
    recipientUserId: inbound.assignedUserId,
    payload: {
      contact: await contactSummary(tx, inbound.contactId),
      text: inbound.text?.slice(0, 500) ?? null,
    },
    occurredAt: now,
  });
}
