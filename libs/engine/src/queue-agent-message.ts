import type { Prisma, TenantTransaction } from '@leadline/database';
import { serviceWindow, windowMarginMs, type OutboundMessage, type WindowStatus } from '@leadline/flow-core';

/** WhatsApp's limit on a text message's body. */
export const AGENT_MESSAGE_MAX_LENGTH = 4096;

/** Provider codes of a free-form send refused because the window had closed (Meta, Twilio). */
const WINDOW_CLOSED_CODES = ['131047', '63016'];

/** What a person may send from the inbox: a text, a file, a quote/invoice, or an approved template. */
export type AgentOutbound = Extract<OutboundMessage, { type: 'text' | 'media' | 'document' | 'template' }>;

export interface AgentMessageInput {
  tenantId: string;
  conversationId: string;
  /** The message; `text` alone is shorthand for a text message. */
  message?: AgentOutbound;
  text?: string;
  /** Who wrote it: a signed-in user, or an API key acting for one (kept in the message body). */
  author: { userId?: string; apiKeyId?: string };
}

export type AgentMessageOutcome =
  | { outcome: 'queued'; messageId: string; windowClosesAt: string | null }
  | { outcome: 'not_found' }
  | { outcome: 'window_closed'; lastInboundAt: string | null };

/** The stored body of a person's message: what the provider sends, plus who wrote it. */
export type AgentMessageBody = AgentOutbound & { author: AgentMessageInput['author'] };

/**
 * The contact's 24-hour window as the inbox and the reply path see it: the core's window policy with
 * the default safety margin, closed early when the provider refused a free-form message since the
 * contact last wrote (131047/63016).
 */
export async function contactWindow(
  tx: TenantTransaction,
  contact: { id: string; lastInboundAt: Date | null },
  now: Date,
): Promise<WindowStatus> {
  const { lastInboundAt } = contact;
  const refusedSince = lastInboundAt
    ? await tx.message.findFirst({
        where: {
          contactId: contact.id,
          direction: 'out',
          status: 'failed',
          errorCode: { in: WINDOW_CLOSED_CODES },
          failedAt: { gt: lastInboundAt },
        },
        select: { id: true },
      })
    : null;
  return serviceWindow({
    lastInboundAt: lastInboundAt?.toISOString(),
    now: now.toISOString(),
    marginMs: windowMarginMs(undefined),
    forcedClosed: refusedSince !== null,
  });
}

/**
 * Queues a message a person writes to a contact (a reply during a handoff), in the caller's
 * transaction: the message row and its outbox entry commit together, and the embedded engine's send
 * job delivers it like any other (rate limits, pair pacing, retries, one delivery per message id;
 * templates are checked there too: known, approved, marketing rules).
 *
 * The message belongs to no run: no run's state, trace or wait changes, so a run in handoff keeps
 * waiting for the person to resume or cancel it. A session message (anything but a template) is only
 * allowed inside the contact's 24-hour window (contactWindow); a template may go at any time.
 * Opted-out contacts may still get a session message: their opt-out stops marketing, and a reply
 * inside the window answers a message they just sent.
 */
export async function queueAgentMessage(
  tx: TenantTransaction,
  input: AgentMessageInput,
  now: Date,
): Promise<AgentMessageOutcome> {
  const outbound: AgentOutbound = input.message ?? { type: 'text', text: input.text ?? '' };
  const conversation = await tx.conversation.findUnique({
    where: { id: input.conversationId },
    select: {
      id: true,
      contactId: true,
      channelId: true,
      contact: { select: { id: true, lastInboundAt: true } },
    },
  });
  if (!conversation) return { outcome: 'not_found' };
  const window = await contactWindow(tx, conversation.contact, now);
  const lastInboundAt = conversation.contact.lastInboundAt?.toISOString() ?? null;
  if (outbound.type !== 'template' && (!window.open || !window.closesAt)) {
    return { outcome: 'window_closed', lastInboundAt };
  }
  const body: AgentMessageBody = { ...outbound, author: input.author };
  const message = await tx.message.create({
    data: {
      tenantId: input.tenantId,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channelId: conversation.channelId,
      direction: 'out',
      type: outbound.type,
      body: body as unknown as Prisma.InputJsonObject,
      status: 'queued',
      templateName: outbound.type === 'template' ? outbound.template.name : null,
    },
    select: { id: true },
  });
  await tx.conversation.update({ where: { id: conversation.id }, data: { lastMessageAt: now } });
  await tx.outboxEntry.create({
    data: {
      tenantId: input.tenantId,
      kind: 'send',
      payload: { channelId: conversation.channelId, messageIds: [message.id] },
    },
  });
  return {
    outcome: 'queued',
    messageId: message.id,
    windowClosesAt: window.open ? (window.closesAt ?? null) : null,
  };
}
