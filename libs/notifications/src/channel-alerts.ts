import { withTenant, type PrismaClient } from '@leadline/database';
import { z } from 'zod';
import { recordNotificationEvent } from './record-event';

/**
 * Channel alerts (`channel_alerts`, recorded by the engine's channel health with the change that
 * caused them) become notification events here: a rejected template and a dropped quality rating are
 * told to the workspace's managers. Each alert is claimed by setting `notified_at` in the same
 * transaction that records its event, so it is turned into at most one event. A rejected, paused or
 * disabled template (Meta's template status webhook) is one event type, `template.rejected`, with the
 * status in its payload. Kinds not notified (restrictions, recategorisations) are marked as seen all
 * the same.
 */
const TEMPLATE_STOPPED: Partial<Record<string, 'rejected' | 'paused' | 'disabled'>> = {
  template_rejected: 'rejected',
  template_paused: 'paused',
  template_disabled: 'disabled',
};

const templateStopped = z.object({
  name: z.string(),
  language: z.string(),
  reason: z.string().nullable().default(null),
});
const qualityDropped = z.object({
  event: z.string(),
  qualityRating: z.string().nullable().default(null),
  messagingTier: z.string().nullable().default(null),
  previousTier: z.string().nullable().default(null),
});

/** Words a person understands for Meta's quality signals. */
function ratingWords(rating: string | null, tier: string | null, event: string): string {
  if (event === 'DOWNGRADE' && tier)
    return `a lower sending limit (${tier.replace(/^TIER_/, '').toLowerCase()} a day)`;
  const words: Record<string, string> = { RED: 'low', YELLOW: 'medium', GREEN: 'high' };
  return rating ? (words[rating] ?? rating.toLowerCase()) : 'low';
}

export async function collectChannelAlerts(prisma: PrismaClient, now: Date, limit = 100): Promise<number> {
  // The system client only learns which tenants have alerts; each one is read and claimed under RLS.
  const pending = await prisma.channelAlert.findMany({
    where: { notifiedAt: null },
    select: { id: true, tenantId: true },
    orderBy: { occurredAt: 'asc' },
    take: limit,
  });
  for (const { id, tenantId } of pending) {
    await withTenant(prisma, tenantId, async (tx) => {
      const claimed = await tx.channelAlert.updateMany({
        where: { id, notifiedAt: null },
        data: { notifiedAt: now },
      });
      if (!claimed.count) return;
      const alert = await tx.channelAlert.findUniqueOrThrow({
        where: { id },
        include: { channel: { select: { name: true, verifiedName: true, displayPhone: true } } },
      });
      const channelName = alert.channel.name ?? alert.channel.verifiedName ?? alert.channel.displayPhone;
      const templateStatus = TEMPLATE_STOPPED[alert.kind];
      if (templateStatus) {
        const parsed = templateStopped.safeParse(alert.payload);
        if (!parsed.success) return;
        await recordNotificationEvent(tx, {
          tenantId,
          type: 'template.rejected',
          payload: {
            templateName: parsed.data.name,
            language: parsed.data.language,
            reason: parsed.data.reason,
            status: templateStatus,
          },
          occurredAt: alert.occurredAt,
        });
      } else if (alert.kind === 'quality_dropped') {
        const parsed = qualityDropped.safeParse(alert.payload);
        if (!parsed.success) return;
        const p = parsed.data;
        await recordNotificationEvent(tx, {
          tenantId,
          type: 'channel.quality_dropped',
          payload: {
            channelName,
            from:
              p.previousTier && p.event === 'DOWNGRADE'
                ? p.previousTier.replace(/^TIER_/, '').toLowerCase() + ' a day'
                : null,
            to: ratingWords(p.qualityRating, p.messagingTier, p.event),
          },
          occurredAt: alert.occurredAt,
        });
      }
    });
  }
  return pending.length;
}
