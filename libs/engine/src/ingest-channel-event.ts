import { Prisma, withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import {
  isStatusForward,
  statusRank,
  type ChannelEvent,
  type DeliveryStatus,
  type MessageEvent,
  type StatusEvent,
} from '@leadline/whatsapp';
import { dedupeKeys } from './contact-event-payloads';
import { appendContactEvent } from './contact-events';
import type { InboxNotice } from './inbox-events';
import { openConversation } from './conversations';
import { channelByNumber, tenantSettings } from './lookup-cache';
import { notifyCustomerReplied } from './notification-events';
import { recordMessageFailed } from './outbound-events';
import { applyChannelHealth, applyTemplateCategory, applyTemplateStatus } from './channel-health';

/** What the inbox should hear about once the ingest committed (see inbox-events.ts). */
export type IngestNotice = InboxNotice & { tenantId: string };

export type IngestOutcome =
  | { outcome: 'accepted'; tenantId: string; contactId: string; notice?: IngestNotice }
  | { outcome: 'recorded'; notice?: IngestNotice }
  | { outcome: 'duplicate' | 'unknown_channel' | 'unknown_message' }
  /** The event names a channel outside the scope its webhook's signature proved: nothing applied. */
  | { outcome: 'foreign_channel' };

/**
 * The channels an event may touch, as its webhook's signature proved (apps/api webhooks): `any`
 * when the deployment's own app secret signed it, else the ids of the channels whose own secret
 * did. A webhook names channels by number; a workspace that signs with its own secret and names
 * another workspace's number must reach nothing of it, so the engine routes as always and then
 * refuses a channel outside the scope.
 */
export type ChannelScope = { kind: 'any' } | { kind: 'channels'; channelIds: readonly string[] };

export const ANY_CHANNEL: ChannelScope = { kind: 'any' };

export function inScope(scope: ChannelScope, channelId: string): boolean {
  return scope.kind === 'any' || scope.channelIds.includes(channelId);
}

const DEFAULT_OPT_OUT = ['STOP', 'UNSUBSCRIBE'];
const DEFAULT_OPT_IN = ['START'];

/** System-level: a webhook names a phone number id, not a tenant (cached, see lookup-cache.ts). */
function findChannel(prisma: PrismaClient, provider: string, phoneNumberId: string) {
  return channelByNumber(prisma, provider, phoneNumberId);
}

function keywordsOf(
  settings: unknown,
  key: 'optOutKeywords' | 'optInKeywords',
  fallback: string[],
): string[] {
  const value = (settings as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? value.map((k) => String(k).trim().toUpperCase()) : fallback;
}

/** Whether a message is the tenant's opt-out or opt-in keyword (one rule for both ingest paths). */
export function optKeyword(settings: unknown, text: string | undefined): 'opt_out' | 'opt_in' | undefined {
  const word = (text ?? '').trim().toUpperCase();
  if (keywordsOf(settings, 'optOutKeywords', DEFAULT_OPT_OUT).includes(word)) return 'opt_out';
  if (keywordsOf(settings, 'optInKeywords', DEFAULT_OPT_IN).includes(word)) return 'opt_in';
  return undefined;
}

async function ingestMessage(
  prisma: PrismaClient,
  event: MessageEvent,
  scope: ChannelScope,
): Promise<IngestOutcome> {
  const channel = await findChannel(prisma, event.channel.provider, event.channel.phoneNumberId);
  if (!channel) return { outcome: 'unknown_channel' };
  if (!inScope(scope, channel.id)) return { outcome: 'foreign_channel' };
  return withTenant(prisma, channel.tenantId, async (tx) => {
    const at = new Date(event.message.at);
    const contact = await upsertContact(tx, channel.tenantId, event, at);
    const conversation = await openConversation(tx, channel.tenantId, contact.id, channel.id, at);
    const conversationId = conversation.id;
    const { providerMessageId, ...message } = event.message;
    // created_at is the clock when the row is written, after upsertContact locked the contact row,
    // not the column's default (the transaction's start, before that lock): a contact's inbound
    // messages then get their times in the order they commit, which the read receipt's marks rely on
    // (sql/read-marks.ts: a conversation's read inbound messages are its earliest ones; one written
    // with an earlier time than a message already read would never be marked). The batch ingest
    // (ll_ingest_tenant_batch) does the same.
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, provider_message_id, status, created_at)
      VALUES (${channel.tenantId}::uuid, ${conversationId}::uuid, ${contact.id}::uuid, ${channel.id}::uuid, 'in',
              ${message.type}, ${JSON.stringify(message)}::jsonb, ${providerMessageId}, 'received', clock_timestamp())
      ON CONFLICT (channel_id, provider_message_id) DO NOTHING
      RETURNING id`;
    if (!inserted.length) return { outcome: 'duplicate' as const };
    if (message.media) {
      // The file itself is fetched later by the inbound-media job (inbound-media.ts): a provider
      // call never runs inside this transaction, nor holds up the contact's flow.
      await tx.messageMedia.create({
        data: {
          tenantId: channel.tenantId,
          contactId: contact.id,
          messageId: inserted[0].id,
          kind: message.media.kind,
          mimeType: message.media.mimeType ?? null,
          filename: message.media.filename ?? null,
        },
      });
    }
    const kind = optKeyword(await tenantSettings(tx, channel.tenantId), message.text);
    if (kind) {
      await tx.contact.update({
        where: { id: contact.id },
        data:
          kind === 'opt_out'
            ? { optInState: 'opted_out', optedOutAt: at }
            : { optInState: 'opted_in', optedInAt: at },
      });
    }
    await appendContactEvent(tx, {
      tenantId: channel.tenantId,
      contactId: contact.id,
      ...(kind
        ? { kind: 'control' as const, payload: { action: kind } }
        : {
            kind: 'inbound' as const,
            payload: { message: { ...message, id: providerMessageId }, channelId: channel.id },
          }),
      dedupeKey: dedupeKeys.inbound(channel.id, providerMessageId),
      occurredAt: at,
    });
    if (!kind) {
      await notifyCustomerReplied(
        tx,
        {
          tenantId: channel.tenantId,
          contactId: contact.id,
          conversationId,
          text: message.text ?? null,
          assignedUserId: conversation.assignedUserId,
        },
        at,
      );
    }
    return {
      outcome: 'accepted' as const,
      tenantId: channel.tenantId,
      contactId: contact.id,
      notice: { tenantId: channel.tenantId, kind: 'message', contactId: contact.id, conversationId },
    };
  });
}

/**
 * The contact, created on its first message, in one statement. ON CONFLICT makes two webhooks of a
 * new contact racing each other (Meta redelivers, or sends two messages at once) meet on the row
 * instead of one failing on the unique key; the row stays locked until the ingest commits, so the
 * same contact's messages are recorded one after the other. The window follows the message's own
 * time: a late or reordered webhook never moves it back; a name is only filled in, never replaced.
 * updated_at is left alone (a message is not an edit of the contact): with no indexed column moved
 * the update is HOT, and a trigger copies the time to contact_activity (migration
 * 20261208010000_contact_activity; the same upsert is in ll_ingest_tenant_batch).
 */
async function upsertContact(
  tx: TenantTransaction,
  tenantId: string,
  event: MessageEvent,
  at: Date,
): Promise<{ id: string }> {
  const referral = event.message.referral ? JSON.stringify(event.message.referral) : null;
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    INSERT INTO contacts (tenant_id, phone, name, last_inbound_at, referral)
    VALUES (${tenantId}::uuid, ${event.contact.phone}, ${event.contact.name ?? null}, ${at}::timestamptz,
            ${referral}::jsonb)
    ON CONFLICT (tenant_id, phone) DO UPDATE SET
      last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
      name = COALESCE(contacts.name, EXCLUDED.name),
      referral = COALESCE(EXCLUDED.referral, contacts.referral)
    RETURNING id`;
  return row;
}

const STATUS_COLUMN: Record<DeliveryStatus, 'sentAt' | 'deliveredAt' | 'readAt' | 'failedAt'> = {
  sent: 'sentAt',
  delivered: 'deliveredAt',
  read: 'readAt',
  failed: 'failedAt',
};

async function ingestStatus(
  prisma: PrismaClient,
  event: StatusEvent,
  scope: ChannelScope,
): Promise<IngestOutcome> {
  const channel = await findChannel(prisma, event.channel.provider, event.channel.phoneNumberId);
  if (!channel) return { outcome: 'unknown_channel' };
  if (!inScope(scope, channel.id)) return { outcome: 'foreign_channel' };
  const status = event.status;
  if (status !== 'failed') return recordDeliveryStatus(prisma, channel, event, status);
  return withTenant(prisma, channel.tenantId, async (tx) => {
    const byProviderId = await tx.message.findUnique({
      where: {
        channelId_providerMessageId: { channelId: channel.id, providerMessageId: event.providerMessageId },
      },
    });
    // Meta echoes our message id (biz_opaque_callback_data): it finds a send whose response was lost.
    const message =
      byProviderId ??
      (event.callbackData && /^[0-9a-f-]{36}$/i.test(event.callbackData)
        ? await tx.message.findFirst({ where: { id: event.callbackData, channelId: channel.id } })
        : null);
    if (!message) return { outcome: 'unknown_message' as const };
    const current = ['sent', 'delivered', 'read', 'failed'].includes(message.status)
      ? (message.status as DeliveryStatus)
      : undefined;
    const at = new Date(event.at);
    const error = event.errors?.[0];
    const data = {
      ...(message.providerMessageId ? {} : { providerMessageId: event.providerMessageId }),
      // Statuses only move forward; a late "delivered" never overwrites "read". Timestamps are kept anyway.
      ...(isStatusForward(current, event.status) ? { status: event.status } : {}),
      [STATUS_COLUMN[event.status]]: at,
      ...(event.status === 'read' && !message.deliveredAt ? { deliveredAt: at } : {}),
      ...(error ? { errorCode: String(error.code), errorMessage: error.title || error.message } : {}),
    };
    await tx.message.update({ where: { id: message.id }, data });
    const notice: IngestNotice = {
      tenantId: channel.tenantId,
      kind: 'status',
      contactId: message.contactId,
      conversationId: message.conversationId,
    };
    if (event.status === 'failed' && current !== 'failed' && message.direction === 'out') {
      await recordMessageFailed(
        tx,
        channel.tenantId,
        message,
        {
          code: error ? String(error.code) : null,
          error: error ? error.title || error.message || null : null,
          windowClosed: Boolean(event.windowClosed),
        },
        at,
      );
    }
    if (event.status !== 'failed' || current === 'failed' || !message.runId || !message.idempotencyKey) {
      return { outcome: 'recorded' as const, notice };
    }
    await appendContactEvent(tx, {
      tenantId: channel.tenantId,
      contactId: message.contactId,
      kind: 'status',
      payload: {
        runId: message.runId,
        effectId: message.idempotencyKey,
        reason: event.windowClosed ? 'window_closed' : 'permanent',
        ...(error ? { code: String(error.code), message: error.title || error.message } : {}),
      },
      dedupeKey: dedupeKeys.sendFailed(message.id),
      occurredAt: at,
    });
    return {
      outcome: 'accepted' as const,
      tenantId: channel.tenantId,
      contactId: message.contactId,
      notice,
    };
  });
}

/** Meta echoes our message id (biz_opaque_callback_data): it finds a send whose response was lost. */
function callbackId(event: StatusEvent): string | null {
  return event.callbackData && /^[0-9a-f-]{36}$/i.test(event.callbackData) ? event.callbackData : null;
}

const STATUS_SQL_COLUMN: Record<Exclude<DeliveryStatus, 'failed'>, string> = {
  sent: 'sent_at',
  delivered: 'delivered_at',
  read: 'read_at',
};

/**
 * `sent`, `delivered` and `read` (all but a few per cent of webhooks) in one statement: find the
 * message by provider id (or by our echoed id), move its status only forward (the same precedence as
 * isStatusForward, evaluated on the row as it is when the row lock is granted, so two webhooks racing
 * on one message still end on the higher status) and keep the status' timestamp anyway. Nothing else
 * depends on these statuses; `failed`, which tells the run, takes the full path below.
 */
async function recordDeliveryStatus(
  prisma: PrismaClient,
  channel: { id: string; tenantId: string },
  event: StatusEvent,
  status: Exclude<DeliveryStatus, 'failed'>,
): Promise<IngestOutcome> {
  const at = new Date(event.at);
  const error = event.errors?.[0];
  const column = Prisma.raw(STATUS_SQL_COLUMN[status]);
  const alsoDelivered =
    status === 'read'
      ? Prisma.sql`, delivered_at = COALESCE(m.delivered_at, ${at}::timestamptz)`
      : Prisma.empty;
  const errorColumns = error
    ? Prisma.sql`, error_code = ${String(error.code)}, error_message = ${error.title || error.message || null}`
    : Prisma.empty;
  const rows = await withTenant(
    prisma,
    channel.tenantId,
    (tx) => tx.$queryRaw<Array<{ contact_id: string; conversation_id: string }>>`
      WITH target AS (
        SELECT id FROM messages
        WHERE channel_id = ${channel.id}::uuid
          AND (provider_message_id = ${event.providerMessageId} OR id = ${callbackId(event)}::uuid)
        ORDER BY (provider_message_id IS NOT DISTINCT FROM ${event.providerMessageId}) DESC
        LIMIT 1
      )
      UPDATE messages m SET
        provider_message_id = COALESCE(m.provider_message_id, ${event.providerMessageId}),
        status = CASE
          WHEN m.status <> 'failed'
           AND (CASE m.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END)
               < ${statusRank(status)}
          THEN ${status}::message_status ELSE m.status END,
        ${column} = ${at}::timestamptz${alsoDelivered}${errorColumns},
        updated_at = now()
      FROM target WHERE m.id = target.id
      RETURNING m.contact_id, m.conversation_id`,
  );
  if (!rows.length) return { outcome: 'unknown_message' };
  return {
    outcome: 'recorded',
    notice: {
      tenantId: channel.tenantId,
      kind: 'status',
      contactId: rows[0].contact_id,
      conversationId: rows[0].conversation_id,
    },
  };
}

/** A WABA-level update: no channel has the WABA, none the signature speaks for, or applied. */
function scoped(result: { matched: number; owned: number }): IngestOutcome {
  if (!result.matched) return { outcome: 'unknown_channel' };
  return result.owned ? { outcome: 'recorded' } : { outcome: 'foreign_channel' };
}

/**
 * Records one normalised webhook event durably and idempotently; the caller wakes the contact.
 * `scope` limits the channels it may touch (see ChannelScope); callers that are not webhooks
 * (the sandbox, tests) name no scope.
 */
export async function ingestChannelEvent(
  prisma: PrismaClient,
  event: ChannelEvent,
  scope: ChannelScope = ANY_CHANNEL,
): Promise<IngestOutcome> {
  switch (event.kind) {
    case 'message':
      return ingestMessage(prisma, event, scope);
    case 'status':
      return ingestStatus(prisma, event, scope);
    case 'template_status':
      return scoped(await applyTemplateStatus(prisma, event, new Date(), (id) => inScope(scope, id)));
    case 'template_category':
      return scoped(await applyTemplateCategory(prisma, event, new Date(), (id) => inScope(scope, id)));
    case 'channel_health':
      return scoped(await applyChannelHealth(prisma, event, new Date(), (id) => inScope(scope, id)));
  }
}
