import { z } from 'zod';

/**
 * What people can be notified of. Each event names the contact and conversation it is about (so a
 * notification links straight to it) and carries only what the message needs; the types whose source
 * lives elsewhere (campaigns, channel onboarding) are typed here so their producers record them as is.
 */
export const NOTIFICATION_EVENT_TYPES = [
  'lead.captured',
  'conversation.handoff',
  'customer.replied',
  'message.failed',
  'campaign.finished',
  'template.rejected',
  'channel.quality_dropped',
] as const;

export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export const notificationEventTypeSchema = z.enum(NOTIFICATION_EVENT_TYPES);

/** The plain words a person sees for each event type (settings page, e-mails). */
export const NOTIFICATION_EVENT_LABELS: Record<NotificationEventType, string> = {
  'lead.captured': 'A new lead arrives',
  'conversation.handoff': 'A conversation is handed to a person',
  'customer.replied': 'A customer replies in a conversation assigned to me',
  'message.failed': 'A message could not be delivered',
  'campaign.finished': 'A campaign finishes',
  'template.rejected': 'A message template is rejected, paused or disabled',
  'channel.quality_dropped': "A WhatsApp number's quality rating drops",
};

const contact = z.object({ name: z.string().nullable(), phone: z.string() }).nullable();

export const notificationPayloadSchemas = {
  'lead.captured': z.object({ contact, flow: z.string().nullable() }),
  'conversation.handoff': z.object({ contact, note: z.string().nullable() }),
  'customer.replied': z.object({ contact, text: z.string().nullable() }),
  'message.failed': z.object({
    contact,
    reason: z.enum(['window_closed', 'permanent']),
    template: z.string().nullable(),
  }),
  'campaign.finished': z.object({
    campaignId: z.string(),
    name: z.string(),
    /** Messages handed to WhatsApp. */
    sent: z.number().int().nonnegative(),
    /** Recipients never messaged (opted out, an invalid number, marketing to a US number). */
    skipped: z.number().int().nonnegative(),
  }),
  // One type for every way a template stops being sendable (the type name predates paused/disabled;
  // it stays, as people's preferences are stored under it). Events recorded before `status` existed
  // were rejections.
  'template.rejected': z.object({
    templateName: z.string(),
    language: z.string(),
    reason: z.string().nullable(),
    status: z.enum(['rejected', 'paused', 'disabled']).default('rejected'),
  }),
  'channel.quality_dropped': z.object({
    channelName: z.string(),
    from: z.string().nullable(),
    to: z.string(),
  }),
} satisfies Record<NotificationEventType, z.ZodType>;

export type NotificationPayload<T extends NotificationEventType> = z.infer<
  (typeof notificationPayloadSchemas)[T]
>;

/** A stored event as the dispatcher reads it back. */
export type StoredNotificationEvent = {
  [T in NotificationEventType]: {
    id: string;
    tenantId: string;
    type: T;
    contactId: string | null;
    conversationId: string | null;
    /** The one person it is for (the assignee of a replied-to conversation, a campaign's author), if any. */
    recipientUserId: string | null;
    payload: NotificationPayload<T>;
    occurredAt: Date;
  };
}[NotificationEventType];

/** Parses a stored row; a row that no longer matches its type is reported, not guessed at. */
export function parseStoredEvent(row: {
  id: string;
  tenantId: string;
  type: string;
  contactId: string | null;
  conversationId: string | null;
  payload: unknown;
  occurredAt: Date;
}): StoredNotificationEvent {
  const type = notificationEventTypeSchema.parse(row.type);
  const envelope = z.object({ recipientUserId: z.string().nullable().default(null) }).parse(row.payload);
  const payload = notificationPayloadSchemas[type].parse(row.payload);
  return {
    id: row.id,
    tenantId: row.tenantId,
    type,
    contactId: row.contactId,
    conversationId: row.conversationId,
    recipientUserId: envelope.recipientUserId,
    payload,
    occurredAt: row.occurredAt,
  } as StoredNotificationEvent;
}
