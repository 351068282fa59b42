import { randomUUID } from 'node:crypto';
import { withTenant, type PrismaClient, type TenantTransaction } from '@leadline/database';
import { retryDelayMs } from '@leadline/outbound-events';
import { z } from 'zod';
import { parseStoredEvent, type StoredNotificationEvent } from './event-types';
import {
  preferencesFromRow,
  workspaceSettingsFromRow,
  type WorkspaceNotificationSettings,
} from './preferences';
import { quietUntil } from './quiet-hours';
import { renderDigest, renderMail, renderPush, type RenderContext } from './render';
import type { MailSender, PushSender } from './senders';

/** What travels on the `notifications` queue: which delivery, in which tenant. */
export const notificationJobSchema = z.object({ tenantId: z.uuid(), deliveryId: z.uuid() });
export type NotificationJob = z.infer<typeof notificationJobSchema>;

/** Attempts per delivery, the first included; e-mail and push retry with the webhooks' backoff. */
export const MAX_NOTIFICATION_ATTEMPTS = 5;

export interface DeliverOptions {
  prisma: PrismaClient;
  /** Unset: e-mail deliveries fail with a clear error (no SMTP_URL). */
  mail?: MailSender;
  /** Unset: push deliveries fail with a clear error (no VAPID keys). */
  push?: PushSender;
  appUrl: string;
  now: () => Date;
  maxAttempts?: number;
  backoffBaseMs?: number;
}

export type NotificationOutcome = 'sent' | 'held' | 'retry' | 'failed' | 'skipped';

type Plan =
  | { kind: 'skip' }
  | { kind: 'held' }
  | {
      kind: 'send';
      channel: 'email' | 'push';
      ids: string[];
      attempt: number;
      to: string;
      userId: string;
      events: StoredNotificationEvent[];
      context: RenderContext;
    };

interface Sent {
  ok: boolean;
  error?: string;
  /** Push only: every subscription of the person was gone (404/410) and is now removed. */
  nobodyListening?: boolean;
}

/**
 * One attempt at one delivery, in three steps, so that a delivery is sent at most once:
 * 1. claim (a transaction): the delivery (or, for a digest, every due e-mail of that person) goes from
 *    `pending` to `sending`; quiet hours and digest windows instead push `next_attempt_at` forward.
 * 2. send, outside any transaction.
 * 3. record: `sent`, or back to `pending` with backoff after a refusal, or `failed` after the last.
 * A crash between 1 and 3 leaves the row `sending`: no job sends it again (every job starts from
 * `pending`), and the dispatcher's sweep records it as interrupted. Losing one notification is the
 * price of never sending it twice.
 */
export async function attemptNotification(
  options: DeliverOptions,
  job: NotificationJob,
): Promise<NotificationOutcome> {
  const now = options.now();
  const plan = await withTenant(options.prisma, job.tenantId, (tx) => claim(tx, options, job, now));
  if (plan.kind === 'skip') return 'skipped';
  if (plan.kind === 'held') return 'held';

  const result = await send(options, plan);

  const finishedAt = options.now();
  return withTenant(options.prisma, job.tenantId, async (tx) => {
    if (result.ok) {
      await tx.notificationDelivery.updateMany({
        where: { id: { in: plan.ids }, status: 'sending' },
        data: { status: 'sent', sentAt: finishedAt, lastError: null },
      });
      return 'sent';
    }
    if (result.nobodyListening) {
      await tx.notificationDelivery.updateMany({
        where: { id: { in: plan.ids }, status: 'sending' },
        data: { status: 'skipped', lastError: 'no browser subscribed to push any more' },
      });
      return 'skipped';
    }
    const last = plan.attempt >= (options.maxAttempts ?? MAX_NOTIFICATION_ATTEMPTS);
    await tx.notificationDelivery.updateMany({
      where: { id: { in: plan.ids }, status: 'sending' },
      data: last
        ? { status: 'failed', lastError: result.error ?? null }
        : {
            status: 'pending',
            lastError: result.error ?? null,
            digestId: null,
            queuedAt: null,
            claimedAt: null,
            nextAttemptAt: new Date(finishedAt.getTime() + retryDelayMs(plan.attempt, options.backoffBaseMs)),
          },
    });
    return last ? 'failed' : 'retry';
  });
}

async function claim(
  tx: TenantTransaction,
  options: DeliverOptions,
  job: NotificationJob,
  now: Date,
): Promise<Plan> {
  const delivery = await tx.notificationDelivery.findUnique({
    where: { id: job.deliveryId },
    include: { user: { select: { email: true } } },
  });
  if (!delivery || delivery.status !== 'pending' || delivery.nextAttemptAt > now) return { kind: 'skip' };
  const channel = delivery.channel === 'push' ? 'push' : 'email';

  const preferences = preferencesFromRow(
    await tx.notificationPreference.findUnique({ where: { userId: delivery.userId } }),
  );
  const until = quietUntil(now, preferences.quietHours, preferences.timeZone);
  if (until) {
    await tx.notificationDelivery.updateMany({
      where: { id: delivery.id, status: 'pending' },
      data: { nextAttemptAt: until, heldUntil: until, queuedAt: null },
    });
    return { kind: 'held' };
  }

  const settings = workspaceSettingsFromRow(
    await tx.notificationSettings.findUnique({ where: { tenantId: job.tenantId } }),
  );
  let ids = [delivery.id];
  if (channel === 'email' && settings.digest.enabled) {
    const grouped = await digestGroup(tx, delivery.userId, delivery.id, settings, now);
    if (grouped.kind !== 'send') return grouped;
    ids = grouped.ids;
  }

  // Conditional on the row still being the pending attempt we read: a second job for it claims nothing.
  const claimed = await tx.notificationDelivery.updateMany({
    where: { id: delivery.id, status: 'pending', attempts: delivery.attempts },
    data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
  });
  if (!claimed.count) return { kind: 'skip' };
  const others = ids.filter((id) => id !== delivery.id);
  const digestId = others.length ? randomUUID() : null;
  if (others.length) {
    await tx.notificationDelivery.updateMany({
      where: { id: { in: others }, status: 'pending' },
      data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
    });
  }
  if (digestId) {
    await tx.notificationDelivery.updateMany({ where: { id: { in: ids } }, data: { digestId } });
  }

  const rows = await tx.notificationDelivery.findMany({
    where: { id: { in: ids } },
    include: { event: true },
    orderBy: { createdAt: 'asc' },
  });
  const events: StoredNotificationEvent[] = [];
  for (const row of rows) {
    try {
      events.push(parseStoredEvent(row.event));
    } catch {
      // Unreadable: left out of the mail; its row is recorded with the others.
    }
  }
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: job.tenantId }, select: { name: true } });
  return {
    kind: 'send',
    channel,
    ids,
    attempt: delivery.attempts + 1,
    to: delivery.user.email,
    userId: delivery.userId,
    events,
    context: {
      appUrl: options.appUrl,
      workspaceName: tenant.name,
      includeMessageText: settings.includeMessageText,
    },
  };
}

/**
 * A digest instead of one mail per event: when this person already had `threshold` mails within the
 * window, or more are due at once than the threshold allows, every due e-mail of theirs goes out as
 * one. While the window is full, new ones wait for it to end and then go together.
 */
async function digestGroup(
  tx: TenantTransaction,
  userId: string,
  deliveryId: string,
  settings: WorkspaceNotificationSettings,
  now: Date,
): Promise<{ kind: 'send'; ids: string[] } | { kind: 'held' } | { kind: 'skip' }> {
  const windowMs = settings.digest.windowMinutes * 60_000;
  const due = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM notification_deliveries
    WHERE user_id = ${userId}::uuid AND channel = 'email' AND status = 'pending' AND next_attempt_at <= ${now}
    ORDER BY created_at LIMIT 200
    FOR UPDATE SKIP LOCKED`;
  // Another job's claim has this person's rows locked right now. If it leaves this one pending, the
  // next poll queues it again (queued_at cleared once that claim commits).
  if (!due.some((row) => row.id === deliveryId)) {
    await tx.notificationDelivery.updateMany({
      where: { id: deliveryId, status: 'pending' },
      data: { queuedAt: null },
    });
    return { kind: 'skip' };
  }
  const [recent] = await tx.$queryRaw<Array<{ mails: number; oldest: Date | null }>>`
    SELECT (count(*) FILTER (WHERE digest_id IS NULL) + count(DISTINCT digest_id))::int AS mails,
           min(sent_at) AS oldest
    FROM notification_deliveries
    WHERE user_id = ${userId}::uuid AND channel = 'email' AND status = 'sent'
      AND sent_at > ${new Date(now.getTime() - windowMs)}`;
  const mails = recent?.mails ?? 0;
  const threshold = settings.digest.threshold;
  if (due.length > 1 && mails + due.length > threshold)
    return { kind: 'send', ids: due.map((row) => row.id) };
  if (mails >= threshold && recent?.oldest) {
    const until = new Date(recent.oldest.getTime() + windowMs);
    await tx.notificationDelivery.updateMany({
      where: { id: { in: due.map((row) => row.id) }, status: 'pending' },
      data: { nextAttemptAt: until, heldUntil: until, queuedAt: null },
    });
    return { kind: 'held' };
  }
  return { kind: 'send', ids: [deliveryId] };
}

async function send(options: DeliverOptions, plan: Extract<Plan, { kind: 'send' }>): Promise<Sent> {
  if (!plan.events.length) return { ok: false, error: 'the event could not be read' };
  if (plan.channel === 'email') {
    if (!options.mail) return { ok: false, error: 'e-mail is not configured (SMTP_URL)' };
    const mail =
      plan.events.length === 1
        ? renderMail(plan.events[0]!, plan.context)
        : renderDigest(plan.events, plan.context);
    try {
      await options.mail.send({ ...mail, to: plan.to });
      return { ok: true };
    } catch (error) {
      return { ok: false, error: String((error as Error)?.message ?? error).slice(0, 300) };
    }
  }
  if (!options.push) return { ok: false, error: 'web push is not configured (VAPID keys)' };
  const payload = renderPush(plan.events[0]!, plan.context);
  const tenantId = plan.events[0]!.tenantId;
  const subscriptions = await withTenant(options.prisma, tenantId, (tx) =>
    tx.pushSubscription.findMany({ where: { userId: plan.userId } }),
  );
  let delivered = 0;
  let gone = 0;
  let lastError: string | undefined;
  for (const subscription of subscriptions) {
    const result = await options.push.send(subscription, payload);
    if (result.kind === 'sent') {
      delivered += 1;
      await withTenant(options.prisma, tenantId, (tx) =>
        tx.pushSubscription.updateMany({
          where: { id: subscription.id },
          data: { lastSuccessAt: options.now() },
        }),
      );
    } else if (result.kind === 'gone') {
      // The browser unsubscribed or the push service expired it: it never comes back.
      gone += 1;
      await withTenant(options.prisma, tenantId, (tx) =>
        tx.pushSubscription.deleteMany({ where: { id: subscription.id } }),
      );
    } else {
      lastError = result.message;
    }
  }
  // Sent to at least one browser counts as sent: retrying would show it twice on the others.
  if (delivered > 0) return { ok: true };
  if (gone === subscriptions.length) return { ok: false, nobodyListening: true };
  return { ok: false, error: lastError ?? 'push failed' };
}
