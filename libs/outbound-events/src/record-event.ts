import type { Prisma, TenantTransaction } from '@leadline/database';
import type { OutboundEventType } from './event-types';

export interface NewOutboundEvent {
  tenantId: string;
  type: OutboundEventType;
  /** The contact it is about: its id, phone and name go into the payload, and erasing it erases the event. */
  contactId?: string | null;
  /** The payload, or a function that builds it: called only when someone is subscribed. */
  data: Record<string, unknown> | ((tx: TenantTransaction) => Promise<Record<string, unknown>>);
  occurredAt: Date;
}

/**
 * Records an event and one pending delivery per subscription to its type, in the caller's
 * transaction: the event exists exactly when what it reports was committed. A tenant without
 * subscriptions to the type pays one indexed query and stores nothing.
 */
export async function recordOutboundEvent(
  tx: TenantTransaction,
  event: NewOutboundEvent,
): Promise<string | null> {
  const subscriptions = await tx.webhookSubscription.findMany({
    where: { events: { has: event.type } },
    select: { id: true },
  });
  if (!subscriptions.length) return null;
  const contact = event.contactId
    ? await tx.contact.findUnique({
        where: { id: event.contactId },
        select: { id: true, phone: true, name: true },
      })
    : null;
  const data = typeof event.data === 'function' ? await event.data(tx) : event.data;
  const payload = JSON.parse(
    JSON.stringify({ ...data, ...(contact ? { contact } : {}) }),
  ) as Prisma.InputJsonObject;
  const created = await tx.outboundEvent.create({
    data: {
      tenantId: event.tenantId,
      type: event.type,
      contactId: contact?.id ?? null,
      payload,
      occurredAt: event.occurredAt,
    },
    select: { id: true },
  });
  await tx.webhookDelivery.createMany({
    data: subscriptions.map((subscription) => ({
      tenantId: event.tenantId,
      eventId: created.id,
      subscriptionId: subscription.id,
      nextAttemptAt: event.occurredAt,
    })),
  });
  return created.id;
}
