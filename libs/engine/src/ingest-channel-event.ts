import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import {
  isStatusForward,
  type ChannelEvent,
  type DeliveryStatus,
  type MessageEvent,
  type StatusEvent,
} from '@leadline/whatsapp';
import { appendContactEvent } from './contact-events';
import type { InboxNotice } from './inbox-events';
import { upsertConversation } from './conversations';
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

function inScope(scope: ChannelScope, channelId: string): boolean {
  return scope.kind === 'any' || scope.channelIds.includes(channelId);
}

const DEFAULT_OPT_OUT = ['STOP', 'UNSUBSCRIBE'];
const DEFAULT_OPT_IN = ['START'];

async function findChannel(prisma: PrismaClient, provider: string, phoneNumberId: string) {
  // System-level: a webhook names a phone number id, not a tenant.
  return prisma.channel.findUnique({
    where: { provider_phoneNumberId: { provider: provider as 'meta' | 'twilio' | 'sandbox', phoneNumberId } },
    select: { id: true, tenantId: true },
  });
}

function keywordsOf(
  settings: unknown,
  key: 'optOutKeywords' | 'optInKeywords',
  fallback: string[],
): string[] {
  const value = (settings as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? value.map((k) => String(k).trim().toUpperCase()) : fallback;
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
    const conversationId = await upsertConversation(tx, channel.tenantId, contact.id, channel.id, at);
    const { providerMessageId, ...message } = event.message;
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, provider_message_id, status)
      VALUES (${channel.tenantId}::uuid, ${conversationId}::uuid, ${contact.id}::uuid, ${channel.id}::uuid, 'in',
              ${message.type}, ${JSON.stringify(message)}::jsonb, ${providerMessageId}, 'received')
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
    const tenant = await tx.tenant.findUniqueOrThrow({
      where: { id: channel.tenantId },
      select: { settings: true },
    });
    const word = (message.text ?? '').trim().toUpperCase();
    const kind = keywordsOf(tenant.settings, 'optOutKeywords', DEFAULT_OPT_OUT).includes(word)
      ? 'opt_out'
      : keywordsOf(tenant.settings, 'optInKeywords', DEFAULT_OPT_IN).includes(word)
        ? 'opt_in'
        : undefined;
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
      kind: kind ? 'control' : 'inbound',
      payload: kind
        ? { action: kind }
        : { message: { ...message, id: providerMessageId }, channelId: channel.id },
      dedupeKey: `in.${channel.id}.${providerMessageId}`,
      occurredAt: at,
    });
    if (!kind) {
      await notifyCustomerReplied(
        tx,
        { tenantId: channel.tenantId, contactId: contact.id, conversationId, text: message.text ?? null },
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

async function upsertContact(tx: TenantTransaction, tenantId: string, event: MessageEvent, at: Date) {
  const existing = await tx.contact.findUnique({
    where: { tenantId_phone: { tenantId, phone: event.contact.phone } },
  });
  if (!existing) {
    return tx.contact.create({
      data: {
        tenantId,
        phone: event.contact.phone,
        name: event.contact.name ?? null,
        lastInboundAt: at,
        ...(event.message.referral ? { referral: event.message.referral as object } : {}),
      },
    });
  }
  // The window follows the message's own time: a late or reordered webhook never moves it back.
  const later = !existing.lastInboundAt || existing.lastInboundAt < at;
  return tx.contact.update({
    where: { id: existing.id },
    data: {
      ...(later ? { lastInboundAt: at } : {}),
      ...(!existing.name && event.contact.name ? { name: event.contact.name } : {}),
      ...(event.message.referral ? { referral: event.message.referral as object } : {}),
    },
  });
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
      dedupeKey: `failed.${message.id}`,
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
