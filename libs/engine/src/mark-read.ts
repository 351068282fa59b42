import { pgPoolOf, type PrismaClient } from '@leadline/database';
import { isProviderError, type WhatsAppProvider } from '@leadline/whatsapp';
import type { Clock } from './engine-ports';
import { runHot } from './sql/hot-sql';
import { MARK_READ } from './sql/hot-statements';
import { latestUnreadInboundLateral } from './sql/read-marks';

/**
 * The workspace's read-receipt policy, `settings.markAsRead`: on by default; `false` (or "never")
 * turns it off, for businesses that want the blue ticks to mean a person read the message.
 */
export function markAsReadEnabled(settings: unknown): boolean {
  const value =
    settings && typeof settings === 'object' ? (settings as Record<string, unknown>).markAsRead : undefined;
  return value !== false && value !== 'never';
}

/**
 * Policy: the contact's messages are marked read when the bot answers them, i.e. once the provider
 * accepted the first bot message after them. That is when a step has consumed them; messages a person
 * handles (a handoff) or that no step takes stay unread for the person's own tools. Meta marks the
 * earlier messages of the conversation read with the latest one, so only the latest is sent; all of
 * them get `read_at`, which for an inbound message means "we told WhatsApp we read it".
 *
 * Best effort: the answer is already sent, so a refusal is not retried (the next answer tries again).
 * Twilio has no read receipts for WhatsApp (its provider has no `markRead`): nothing happens there.
 */
export async function markAnsweredRead(
  deps: { prisma: PrismaClient; clock: Clock },
  tenantId: string,
  answer: { conversationId: string; unreadInbound: UnreadInbound | null },
  provider: WhatsAppProvider,
): Promise<void> {
  const bound = await tellProviderRead(answer, provider);
  if (!bound) return;
  // One statement, outside a transaction: the conversation is the one of the message this worker has
  // just claimed in a tenant-scoped transaction (and its tenant is named too).
  const pool = pgPoolOf(deps.prisma);
  if (pool) {
    await runHot(pool, MARK_READ, [deps.clock.now(), answer.conversationId, tenantId, bound]);
    return;
  }
  await deps.prisma.$executeRaw`
    UPDATE messages SET read_at = ${deps.clock.now()}, updated_at = now()
    WHERE conversation_id = ${answer.conversationId}::uuid AND tenant_id = ${tenantId}::uuid
      AND direction = 'in' AND read_at IS NULL AND created_at < ${bound}`;
}

/**
 * The provider's half of markAnsweredRead: the latest unread inbound message reported read. Returns
 * the bound (exclusive) of the conversation's inbound messages to mark read, or null when there is
 * nothing to mark (no such message, no read receipts, or the provider refused: best effort). Throws
 * what is not the provider's answer (the caller decides what its own write does first).
 */
export async function tellProviderRead(
  answer: { unreadInbound: UnreadInbound | null },
  provider: WhatsAppProvider,
): Promise<Date | null> {
  const latest = answer.unreadInbound;
  if (!provider.markRead || !latest) return null;
  try {
    await provider.markRead(latest.providerMessageId);
  } catch (error) {
    if (isProviderError(error)) return null;
    throw error;
  }
  return justAfter(latest.createdAt);
}

/** The latest inbound message an answer covers that is not marked read yet (see UNREAD_INBOUND_LATERAL). */
export interface UnreadInbound {
  providerMessageId: string;
  createdAt: Date;
}

/**
 * The latest unread inbound message of the answer `m`'s conversation created before it: a lateral
 * join for the send claim's statement, so finding it costs no round trip of its own. Columns:
 * `unread_provider_id`, `unread_created_at`. Read from the conversation's newest messages only
 * (sql/read-marks.ts: the latest inbound message, if it is unread).
 */
export const UNREAD_INBOUND_LATERAL = latestUnreadInboundLateral(
  'm.conversation_id',
  "m.created_at + interval '1 millisecond'",
);

/** PostgreSQL keeps microseconds and a Date has milliseconds: "at or before" must round up. */
function justAfter(at: Date): Date {
  return new Date(at.getTime() + 1);
}
