import type { Prisma, TenantTransaction } from '@leadline/database';
import { z } from 'zod';
import {
  preferencesFromRow,
  workspaceSettingsFromRow,
  type NotificationPreferences,
  type WorkspaceNotificationSettings,
} from './preferences';

/** Reads and writes preferences, workspace settings and push subscriptions, always inside withTenant. */

export async function getPreferences(
  tx: TenantTransaction,
  userId: string,
): Promise<NotificationPreferences> {
  return preferencesFromRow(await tx.notificationPreference.findUnique({ where: { userId } }));
}

export async function savePreferences(
  tx: TenantTransaction,
  tenantId: string,
  userId: string,
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  const data = {
    events: preferences.events as Prisma.InputJsonObject,
    quietHoursStart: preferences.quietHours?.start ?? null,
    quietHoursEnd: preferences.quietHours?.end ?? null,
    timeZone: preferences.timeZone,
  };
  const row = await tx.notificationPreference.upsert({
    where: { userId },
    create: { tenantId, userId, ...data },
    update: data,
  });
  return preferencesFromRow(row);
}

export async function getWorkspaceSettings(
  tx: TenantTransaction,
  tenantId: string,
): Promise<WorkspaceNotificationSettings> {
  return workspaceSettingsFromRow(await tx.notificationSettings.findUnique({ where: { tenantId } }));
}

export async function saveWorkspaceSettings(
  tx: TenantTransaction,
  tenantId: string,
  settings: WorkspaceNotificationSettings,
): Promise<WorkspaceNotificationSettings> {
  const data = {
    digestEnabled: settings.digest.enabled,
    digestThreshold: settings.digest.threshold,
    digestWindowMinutes: settings.digest.windowMinutes,
    includeMessageText: settings.includeMessageText,
  };
  const row = await tx.notificationSettings.upsert({
    where: { tenantId },
    create: { tenantId, ...data },
    update: data,
  });
  return workspaceSettingsFromRow(row);
}

/** A browser's PushSubscription.toJSON(), as the web app posts it. */
export const pushSubscriptionSchema = z
  .object({
    endpoint: z
      .url({ protocol: /^https?$/, error: 'must be the push service URL the browser gave' })
      .max(2048),
    keys: z.object({
      p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}=*$/, { error: 'must be the browser key (p256dh)' }),
      auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}=*$/, { error: 'must be the browser auth secret' }),
    }),
    expirationTime: z.number().nullable().optional(),
  })
  .strip();

export type PushSubscriptionInput = z.infer<typeof pushSubscriptionSchema>;

/** Opts this browser in for this person; a browser that was someone else's in the workspace becomes theirs. */
export async function savePushSubscription(
  tx: TenantTransaction,
  tenantId: string,
  userId: string,
  input: PushSubscriptionInput,
  userAgent: string | null,
): Promise<void> {
  const data = {
    userId,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    userAgent: userAgent?.slice(0, 300) ?? null,
  };
  await tx.pushSubscription.upsert({
    where: { tenantId_endpoint: { tenantId, endpoint: input.endpoint } },
    create: { tenantId, endpoint: input.endpoint, ...data },
    update: data,
  });
}

/** Opts this browser out (only the caller's own subscription). True when one was removed. */
export async function removePushSubscription(
  tx: TenantTransaction,
  userId: string,
  endpoint: string,
): Promise<boolean> {
  const removed = await tx.pushSubscription.deleteMany({ where: { userId, endpoint } });
  return removed.count > 0;
}
