import type { Prisma, TenantTransaction } from '@leadline/database';
import { serviceWindow, windowMarginMs, type OutboundMessage } from '@leadline/flow-core';

/** WhatsApp's limit on a text message's body. */
export const AGENT_MESSAGE_MAX_LENGTH = 4096;

/** Provider codes of a free-form send refused because the window had closed (Meta, Twilio). */
const WINDOW_CLOSED_CODES = ['131047', '63016'];

export interface AgentMessageInput {
  tenantId: string;
  conversationId: string;
  text: string;
  /** Who wrote it: a signed-in user, or an API key acting for one (kept in the message body). */
  author: { userId?: string; apiKeyId?: string };
}

export type AgentMessageOutcome =
  | { outcome: 'queued'; messageId: string; windowClosesAt: string }
  | { outcome: 'not_found' }
  | { outcome: 'window_closed'; lastInboundAt: string | null };

/** The stored body of a person's message: what the provider sends, plus who wrote it. */
export type AgentMessageBody = Extract<OutboundMessage, { type: 'text' }> & {
  author: AgentMessageInput['author'];
};

/**
 * Queues a message a person writes to a contact (a reply during a handoff), in the caller's
 * transaction: the message row and its outbox entry commit together, and the embedded engine's send
 * job delivers it like any other (rate limits, pair pacing, retries, one delivery per message id).
 *
 * The message belongs to no run: no run's state, trace or wait changes, so a run in handoff keeps
 * waiting for the person to resume or cancel it. A free-form message is only allowed inside the
 * contact's 24-hour window, judged by the core's window policy with the default safety margin; a
 * window the provider already reported closed since the contact's last message counts as closed.
 * Opted-out contacts may still get it: their opt-out stops marketing, and a reply inside the window
 * answers a message they just sent.
 */
export async function queueAgentMessage(
  tx: TenantTransaction,
  input: AgentMessageInput,
  now: Date,
): Promise<AgentMessageOutcome> {
  const conversation = await tx.conversation.findUnique({
    where: { id: input.conversationId },
    select: { id: true, contactId: true, channelId: true, contact: { select: { lastInboundAt: true } } },
  });
  if (!conversation) return { outcome: 'not_found' };
  const lastInboundAt = conversation.contact.lastInboundAt;
  const refusedSince = lastInboundAt
    ? await tx.message.findFirst({
        where: {
          contactId: conversation.contactId,
          direction: 'out',
          status: 'failed',
          errorCode: { in: WINDOW_CLOSED_CODES },
          failedAt: { gt: lastInboundAt },
        },
        select: { id: true },
      })
    : null;
  const window = serviceWindow({
    lastInboundAt: lastInboundAt?.toISOString(),
    now: now.toISOString(),
    marginMs: windowMarginMs(undefined),
    forcedClosed: refusedSince !== null,
  });
  if (!window.open || !window.closesAt) {
    return { outcome: 'window_closed', lastInboundAt: lastInboundAt?.toISOString() ?? null };
  }
  const body: AgentMessageBody = { type: 'text', text: input.text, author: input.author };
  const message = await tx.message.create({
    data: {
      tenantId: input.tenantId,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channelId: conversation.channelId,
      direction: 'out',
      type: 'text',
      body: body as unknown as Prisma.InputJsonObject,
      status: 'queued',
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
  return { outcome: 'queued', messageId: message.id, windowClosesAt: window.closesAt };
}
