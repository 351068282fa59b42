import { withTenant, type Prisma, type PrismaClient, type TenantTransaction } from '@leadline/database';
import type { ChannelHealthEvent, TemplateCategoryEvent, TemplateStatusEvent } from '@leadline/whatsapp';
import { z } from 'zod';
import { templateCategoryFromProvider, templateStatusFromProvider } from './templates/template-status';

/**
 * Channel alerts: what the workspace owner should hear about a number or its templates, recorded in
 * the transaction that applies the change (`channel_alerts`). Notifications read unnotified rows and
 * set `notified_at`; this module only records them. The payload's shape is fixed per kind.
 */
const templateRef = { templateId: z.string().uuid(), name: z.string(), language: z.string() };
export const channelAlertSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('quality_dropped'),
    event: z.string(),
    qualityRating: z.string().nullable(),
    messagingTier: z.string().nullable(),
    previousTier: z.string().nullable(),
  }),
  z.object({ kind: z.literal('account_restricted'), event: z.string() }),
  z.object({
    kind: z.enum(['template_rejected', 'template_paused', 'template_disabled']),
    ...templateRef,
    reason: z.string().nullable(),
  }),
  z.object({ kind: z.literal('template_recategorised'), ...templateRef, from: z.string(), to: z.string() }),
]);
export type ChannelAlert = z.infer<typeof channelAlertSchema>;

export async function recordChannelAlert(
  tx: TenantTransaction,
  target: { tenantId: string; channelId: string },
  alert: ChannelAlert,
  occurredAt: Date,
): Promise<void> {
  const { kind, ...payload } = channelAlertSchema.parse(alert);
  await tx.channelAlert.create({
    data: { ...target, kind, payload: payload as Prisma.InputJsonValue, occurredAt },
  });
}

/** Quality events that mean the number got worse; account events that restrict it. */
const QUALITY_DROPS = new Set(['FLAGGED', 'DOWNGRADE']);
const ACCOUNT_RESTRICTIONS = new Set([
  'ACCOUNT_RESTRICTION',
  'ACCOUNT_VIOLATION',
  'DISABLED_UPDATE',
  'ACCOUNT_DELETED',
  'BUSINESS_PRIMARY_LOCATION_COUNTRY_UPDATE_REJECTED',
]);
/** FLAGGED is Meta's "quality rating low"; UNFLAGGED brings it back. Tier events leave the rating. */
const RATING_OF_EVENT: Record<string, string> = { FLAGGED: 'RED', UNFLAGGED: 'GREEN' };

/** Whether the webhook's signature speaks for a channel (the engine's ChannelScope). */
export type OwnsChannel = (channelId: string) => boolean;

/** How many channels an update named, and how many of those it was applied to. */
export interface ScopedResult {
  matched: number;
  owned: number;
}

/**
 * The Meta channels a WABA-level update is about, and those of them the signature speaks for (several
 * workspaces' numbers can share a WABA). Only ids are read across tenants (the system client's rule,
 * as for routing); each channel is then changed within its own tenant.
 */
async function channelsOf(prisma: PrismaClient, owns: OwnsChannel, wabaId: string, displayPhone?: string) {
  const matched = await prisma.channel.findMany({
    where: { provider: 'meta', wabaId, ...(displayPhone ? { displayPhone } : {}) },
    select: { id: true, tenantId: true },
  });
  return { matched: matched.length, channels: matched.filter((channel) => owns(channel.id)) };
}

/** phone_number_quality_update / account_update: the number's rating and tier, and an alert on a drop. */
export async function applyChannelHealth(
  prisma: PrismaClient,
  event: ChannelHealthEvent,
  now: Date,
  owns: OwnsChannel = () => true,
): Promise<ScopedResult> {
  const { matched, channels } = await channelsOf(prisma, owns, event.wabaId, event.displayPhone);
  for (const channel of channels) {
    await withTenant(prisma, channel.tenantId, async (tx) => {
      const row = await tx.channel.update({
        where: { id: channel.id },
        data: {
          ...(RATING_OF_EVENT[event.event] ? { qualityRating: RATING_OF_EVENT[event.event] } : {}),
          ...(event.messagingTier ? { messagingTier: event.messagingTier } : {}),
          healthUpdatedAt: now,
        },
        select: { qualityRating: true, messagingTier: true },
      });
      const target = { tenantId: channel.tenantId, channelId: channel.id };
      if (event.source === 'phone_number_quality_update' && QUALITY_DROPS.has(event.event)) {
        await recordChannelAlert(
          tx,
          target,
          {
            kind: 'quality_dropped',
            event: event.event,
            qualityRating: row.qualityRating,
            messagingTier: row.messagingTier,
            previousTier: event.previousTier ?? null,
          },
          now,
        );
      }
      if (event.source === 'account_update' && ACCOUNT_RESTRICTIONS.has(event.event)) {
        await recordChannelAlert(tx, target, { kind: 'account_restricted', event: event.event }, now);
      }
    });
  }
  return { matched, owned: channels.length };
}

const TEMPLATE_ALERT = {
  rejected: 'template_rejected',
  paused: 'template_paused',
  disabled: 'template_disabled',
} as const;

/** message_template_status_update: status and rejection reason; an alert when it stops being sendable. */
export async function applyTemplateStatus(
  prisma: PrismaClient,
  event: TemplateStatusEvent,
  now: Date,
  owns: OwnsChannel = () => true,
): Promise<ScopedResult> {
  const status = templateStatusFromProvider(event.event);
  const reason = event.reason && event.reason !== 'NONE' ? event.reason : null;
  const { matched, channels } = await channelsOf(prisma, owns, event.wabaId);
  for (const channel of channels) {
    await withTenant(prisma, channel.tenantId, async (tx) => {
      const templates = await tx.template.findMany({
        where: { channelId: channel.id, name: event.templateName, language: event.language },
        select: { id: true, status: true },
      });
      for (const template of templates) {
        await tx.template.update({ where: { id: template.id }, data: { status, rejectionReason: reason } });
        const kind =
          status in TEMPLATE_ALERT ? TEMPLATE_ALERT[status as keyof typeof TEMPLATE_ALERT] : undefined;
        if (!kind || template.status === status) continue;
        await recordChannelAlert(
          tx,
          { tenantId: channel.tenantId, channelId: channel.id },
          { kind, templateId: template.id, name: event.templateName, language: event.language, reason },
          now,
        );
      }
    });
  }
  return { matched, owned: channels.length };
}

/** template_category_update: the template's new category, and an alert (it changes what it costs). */
export async function applyTemplateCategory(
  prisma: PrismaClient,
  event: TemplateCategoryEvent,
  now: Date,
  owns: OwnsChannel = () => true,
): Promise<ScopedResult> {
  const category = templateCategoryFromProvider(event.newCategory);
  const { matched, channels } = await channelsOf(prisma, owns, event.wabaId);
  if (!category) return { matched, owned: channels.length };
  for (const channel of channels) {
    await withTenant(prisma, channel.tenantId, async (tx) => {
      const templates = await tx.template.findMany({
        where: { channelId: channel.id, name: event.templateName, language: event.language },
        select: { id: true, category: true },
      });
      for (const template of templates) {
        if (template.category === category) continue;
        await tx.template.update({ where: { id: template.id }, data: { category } });
        await recordChannelAlert(
          tx,
          { tenantId: channel.tenantId, channelId: channel.id },
          {
            kind: 'template_recategorised',
            templateId: template.id,
            name: event.templateName,
            language: event.language,
            from: template.category,
            to: category,
          },
          now,
        );
      }
    });
  }
  return { matched, owned: channels.length };
}
