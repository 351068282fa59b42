import type { TenantTransaction } from '@leadline/database';

/** The contact's open conversation on a channel, created when there is none. */
export async function upsertConversation(
  tx: TenantTransaction,
  tenantId: string,
  contactId: string,
  channelId: string,
  at: Date,
): Promise<string> {
  const open = await tx.conversation.findFirst({
    where: { contactId, channelId, status: { not: 'closed' } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (open) {
    await tx.conversation.update({ where: { id: open.id }, data: { lastMessageAt: at } });
    return open.id;
  }
  const created = await tx.conversation.create({
    data: { tenantId, contactId, channelId, lastMessageAt: at },
  });
  return created.id;
}
