import { withTenant, type PrismaClient } from '@leadline/database';
import { isProviderError, type WhatsAppProvider } from '@leadline/whatsapp';
import type { Clock } from './engine-ports';

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
  answer: { conversationId: string; createdAt: Date },
  provider: WhatsAppProvider,
): Promise<void> {
  if (!provider.markRead) return;
  const latest = await withTenant(deps.prisma, tenantId, async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } });
    if (!markAsReadEnabled(tenant?.settings)) return undefined;
    return tx.message.findFirst({
      where: {
        conversationId: answer.conversationId,
        direction: 'in',
        readAt: null,
        providerMessageId: { not: null },
        createdAt: { lt: justAfter(answer.createdAt) },
      },
      orderBy: { createdAt: 'desc' },
      select: { providerMessageId: true, createdAt: true },
    });
  });
  if (!latest?.providerMessageId) return;
  try {
    await provider.markRead(latest.providerMessageId);
  } catch (error) {
    if (isProviderError(error)) return;
    throw error;
  }
  await withTenant(deps.prisma, tenantId, (tx) =>
    tx.message.updateMany({
      where: {
        conversationId: answer.conversationId,
        direction: 'in',
        readAt: null,
        createdAt: { lt: justAfter(latest.createdAt) },
      },
      data: { readAt: deps.clock.now() },
    }),
  );
}

/** PostgreSQL keeps microseconds and a Date has milliseconds: "at or before" must round up. */
function justAfter(at: Date): Date {
  return new Date(at.getTime() + 1);
}
