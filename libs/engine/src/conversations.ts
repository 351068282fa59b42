import type { TenantTransaction } from '@leadline/database';

export interface OpenConversation {
  id: string;
  /** Who the conversation is assigned to: the inbound path tells them without reading it again. */
  assignedUserId: string | null;
}

/**
 * The contact's open conversation on a channel, touched (`last_message_at`) or created when there is
 * none: one statement. Callers hold the contact's row lock (the contact upsert or the processor's
 * FOR UPDATE), so two messages of one contact never both create a conversation.
 */
export async function openConversation(
  tx: TenantTransaction,
  tenantId: string,
  contactId: string,
  channelId: string,
  at: Date,
): Promise<OpenConversation> {
  const [row] = await tx.$queryRaw<Array<{ id: string; assigned_user_id: string | null }>>`
    WITH open AS (
      SELECT id FROM conversations
      WHERE contact_id = ${contactId}::uuid AND channel_id = ${channelId}::uuid AND status <> 'closed'
      ORDER BY created_at DESC LIMIT 1
    ), touched AS (
      UPDATE conversations c SET last_message_at = ${at}::timestamptz, updated_at = now()
      FROM open WHERE c.id = open.id
      RETURNING c.id, c.assigned_user_id
    ), created AS (
      INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
      SELECT ${tenantId}::uuid, ${contactId}::uuid, ${channelId}::uuid, ${at}::timestamptz
      WHERE NOT EXISTS (SELECT 1 FROM open)
      RETURNING id, assigned_user_id
    )
    SELECT id, assigned_user_id FROM touched UNION ALL SELECT id, assigned_user_id FROM created`;
  return { id: row.id, assignedUserId: row.assigned_user_id };
}

/** The contact's open conversation on a channel, created when there is none. */
export async function upsertConversation(
  tx: TenantTransaction,
  tenantId: string,
  contactId: string,
  channelId: string,
  at: Date,
): Promise<string> {
  return (await openConversation(tx, tenantId, contactId, channelId, at)).id;
}
