import { withTenant, type PrismaClient } from '@leadline/database';
import { parseStoredEvent } from './event-types';
import { preferencesFromRow, wants, type NotificationChannel } from './preferences';
import { recipientsOf } from './recipients';

/**
 * Turns recorded events into deliveries: one per (event, person, channel) the person wants, with push
 * only for people who opted in on at least one browser. Runs in the event's own tenant (withTenant),
 * so recipients, preferences and subscriptions come from that workspace only. The unique key
 * (event, user, channel) makes a repeated fan-out (a crash before `fanned_out_at` was set) harmless.
 */
export async function fanOutEvents(prisma: PrismaClient, now: Date, limit = 100): Promise<number> {
  // The system client only finds which tenants have work; everything else happens under RLS.
  const pending = await prisma.notificationEvent.findMany({
    where: { fannedOutAt: null },
    select: { id: true, tenantId: true },
    orderBy: { occurredAt: 'asc' },
    take: limit,
  });
  for (const { id, tenantId } of pending) {
    await withTenant(prisma, tenantId, async (tx) => {
      const row = await tx.notificationEvent.findUnique({ where: { id } });
      if (!row || row.fannedOutAt) return;
      const claimed = await tx.notificationEvent.updateMany({
        where: { id, fannedOutAt: null },
        data: { fannedOutAt: now },
      });
      if (!claimed.count) return;
      let event;
      try {
        event = parseStoredEvent(row);
      } catch {
        return; // A row its type no longer reads is left fanned out with no deliveries rather than guessed at.
      }
      const recipients = await recipientsOf(tx, event);
      if (!recipients.length) return;
      const ids = recipients.map((r) => r.id);
      const [preferenceRows, subscribed] = await Promise.all([
        tx.notificationPreference.findMany({ where: { userId: { in: ids } } }),
        tx.pushSubscription.groupBy({ by: ['userId'], where: { userId: { in: ids } } }),
      ]);
      const preferencesOf = new Map(preferenceRows.map((p) => [p.userId, preferencesFromRow(p)]));
      const withPush = new Set(subscribed.map((s) => s.userId));
      const rows: Array<{
        tenantId: string;
        eventId: string;
        userId: string;
        channel: NotificationChannel;
        nextAttemptAt: Date;
      }> = [];
      for (const recipient of recipients) {
        const preferences = preferencesFromRow(null);
        const own = preferencesOf.get(recipient.id) ?? preferences;
        if (wants(own, event.type, 'email')) {
          rows.push({ tenantId, eventId: id, userId: recipient.id, channel: 'email', nextAttemptAt: now });
        }
        if (withPush.has(recipient.id) && wants(own, event.type, 'push')) {
          rows.push({ tenantId, eventId: id, userId: recipient.id, channel: 'push', nextAttemptAt: now });
        }
      }
      if (rows.length) await tx.notificationDelivery.createMany({ data: rows, skipDuplicates: true });
    });
  }
  return pending.length;
}
