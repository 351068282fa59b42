import { z } from 'zod';
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from './event-types';

export const NOTIFICATION_CHANNELS = ['email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day as HH:MM (24-hour)' });

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const channelChoice = z.object({ email: z.boolean(), push: z.boolean() });

/** A person's notification preferences, as the API accepts and returns them. */
export const preferencesSchema = z
  .object({
    events: z.partialRecord(z.enum(NOTIFICATION_EVENT_TYPES), channelChoice),
    quietHours: z.object({ start: clock, end: clock }).nullable(),
    timeZone: z.string().refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/London' }),
  })
  .strict();

export type NotificationPreferences = z.infer<typeof preferencesSchema>;

/** Without a choice of their own, a person hears of every event of their audience on both channels. */
export const DEFAULT_CHOICE = { email: true, push: true } as const;

export function defaultPreferences(): NotificationPreferences {
  return { events: {}, quietHours: null, timeZone: 'UTC' };
}

export function wants(
  preferences: NotificationPreferences,
  type: NotificationEventType,
  channel: NotificationChannel,
): boolean {
  return (preferences.events[type] ?? DEFAULT_CHOICE)[channel];
}

/** Reads a stored row (or its absence) into preferences; unreadable parts fall back to defaults. */
export function preferencesFromRow(
  row: {
    events: unknown;
    quietHoursStart: string | null;
    quietHoursEnd: string | null;
    timeZone: string;
  } | null,
): NotificationPreferences {
  if (!row) return defaultPreferences();
  const parsed = preferencesSchema.safeParse({
    events: row.events,
    quietHours:
      row.quietHoursStart && row.quietHoursEnd
        ? { start: row.quietHoursStart, end: row.quietHoursEnd }
        : null,
    timeZone: row.timeZone,
  });
  return parsed.success ? parsed.data : defaultPreferences();
}

/** A workspace's notification settings. */
export const workspaceSettingsSchema = z
  .object({
    digest: z.object({
      enabled: z.boolean(),
      /** More than this many e-mails to one person within the window become one digest. */
      threshold: z.number().int().min(1).max(100),
      windowMinutes: z.number().int().min(1).max(1440),
    }),
    /** Whether e-mails and pushes may quote what a customer wrote. Off: they only say that they wrote. */
    includeMessageText: z.boolean(),
  })
  .strict();

export type WorkspaceNotificationSettings = z.infer<typeof workspaceSettingsSchema>;

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceNotificationSettings = {
  digest: { enabled: true, threshold: 5, windowMinutes: 15 },
  includeMessageText: false,
};

export function workspaceSettingsFromRow(
  row: {
    digestEnabled: boolean;
    digestThreshold: number;
    digestWindowMinutes: number;
    includeMessageText: boolean;
  } | null,
): WorkspaceNotificationSettings {
  if (!row) return DEFAULT_WORKSPACE_SETTINGS;
  return {
    digest: {
      enabled: row.digestEnabled,
      threshold: row.digestThreshold,
      windowMinutes: row.digestWindowMinutes,
    },
    includeMessageText: row.includeMessageText,
  };
}
