import type { Prisma, TenantTransaction } from '@leadline/database';
import type { NotificationEventType, NotificationPayload } from './event-types';
import { notificationPayloadSchemas } from './event-types';

export type NewNotificationEvent = {
  [T in NotificationEventType]: {
    tenantId: string;
    type: T;
    contactId?: string | null;
    conversationId?: string | null;
    /** Only this person (the conversation's assignee, a campaign's author); otherwise the type's audience. */
    recipientUserId?: string | null;
    payload: NotificationPayload<T>;
    occurredAt: Date;
  };
}[NotificationEventType];

/**
 * Records an event in the caller's transaction: it exists exactly when what it reports was committed.
 * One insert and nothing else: who hears of it, on which channel and when is decided later by the
 * dispatcher (fan-out), so the engine's transaction never waits on preferences, mail or push.
 */
export async function recordNotificationEvent(
  tx: TenantTransaction,
  event: NewNotificationEvent,
): Promise<string> {
  const payload = notificationPayloadSchemas[event.type].parse(event.payload) as Record<string, unknown>;
  const created = await tx.notificationEvent.create({
    data: {
      tenantId: event.tenantId,
      type: event.type,
      contactId: event.contactId ?? null,
      conversationId: event.conversationId ?? null,
      payload: { ...payload, recipientUserId: event.recipientUserId ?? null } as Prisma.InputJsonObject,
      occurredAt: event.occurredAt,
    },
    select: { id: true },
  });
  return created.id;
}

/** The contact as notifications name it, read in the recording transaction. */
export async function contactSummary(
  tx: TenantTransaction,
  contactId: string,
): Promise<{ name: string | null; phone: string } | null> {
  return tx.contact.findUnique({ where: { id: contactId }, select: { name: true, phone: true } });
}
