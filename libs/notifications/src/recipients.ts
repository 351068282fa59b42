import type { TenantTransaction } from '@leadline/database';
import type { NotificationEventType, StoredNotificationEvent } from './event-types';

import { NOTIFICATION_EVENT_TYPES } from './event-types';

type Role = 'owner' | 'admin' | 'editor' | 'agent' | 'viewer';

const EVERYONE: readonly Role[] = ['owner', 'admin', 'editor', 'agent', 'viewer'];

/**
 * Who hears of each event type when it names no one person: the people who answer customers for the
 * inbox's events, the people who run the workspace for campaigns and channels. One table, one place.
 */
export const AUDIENCE: Record<NotificationEventType, readonly Role[]> = {
  'lead.captured': ['owner', 'admin', 'agent'],
  'conversation.handoff': ['owner', 'admin', 'agent'],
  'customer.replied': [],
  'message.failed': ['owner', 'admin', 'agent'],
  'campaign.finished': ['owner', 'admin'],
  'template.rejected': ['owner', 'admin', 'editor'],
  'channel.quality_dropped': ['owner', 'admin'],
};

/**
 * Who can be the one person an event names, by role: anyone can be assigned a conversation; a
 * campaign's author is someone who may write campaigns (owners, admins, editors: apps/api's role
 * matrix). A type that names no one has none. Delivery holds to it too, so what the settings page
 * offers (eventTypesFor) and who is notified cannot drift apart.
 */
const NAMED_PERSON: Record<NotificationEventType, readonly Role[]> = {
  'lead.captured': [],
  'conversation.handoff': EVERYONE,
  'customer.replied': EVERYONE,
  'message.failed': EVERYONE,
  'campaign.finished': ['owner', 'admin', 'editor'],
  'template.rejected': [],
  'channel.quality_dropped': [],
};

/**
 * The event types a person of this role can ever be notified of (as the audience or as the named
 * person), in NOTIFICATION_EVENT_TYPES order: the rows of their notification settings.
 */
export function eventTypesFor(role: Role): NotificationEventType[] {
  return NOTIFICATION_EVENT_TYPES.filter(
    (type) => AUDIENCE[type].includes(role) || NAMED_PERSON[type].includes(role),
  );
}

/** Types whose named person (a campaign's author) hears of it besides the audience, not instead of it. */
const PERSON_AND_AUDIENCE: ReadonlySet<NotificationEventType> = new Set(['campaign.finished']);

export interface Recipient {
  id: string;
  email: string;
  name: string | null;
}

/**
 * The people of the event's own workspace who should hear of it. Runs inside withTenant for the
 * event's tenant, so row-level security keeps every other workspace's people out of reach.
 * A handoff, a reply or a failure in an assigned conversation goes to its assignee only; unassigned,
 * to the type's audience (a reply to an unassigned conversation notifies no one). A finished campaign
 * goes to its author and to the owners and admins.
 */
export async function recipientsOf(
  tx: TenantTransaction,
  event: StoredNotificationEvent,
): Promise<Recipient[]> {
  const select = { id: true, email: true, name: true } as const;
  let userId = event.recipientUserId;
  if (!userId && event.conversationId && event.type !== 'lead.captured') {
    const conversation = await tx.conversation.findUnique({
      where: { id: event.conversationId },
      select: { assignedUserId: true },
    });
    userId = conversation?.assignedUserId ?? null;
  }
  // The named person only while their role may be named (a campaign author since made an agent is not).
  const named = userId ? { id: userId, role: { in: [...NAMED_PERSON[event.type]] } } : null;
  if (named && !PERSON_AND_AUDIENCE.has(event.type)) {
    const user = await tx.user.findFirst({ where: { ...named, tenantId: event.tenantId }, select });
    return user ? [user] : [];
  }
  const roles = AUDIENCE[event.type];
  if (!roles.length && !named) return [];
  // The named person (if any) and the audience, each once.
  return tx.user.findMany({
    where: {
      tenantId: event.tenantId,
      OR: [{ role: { in: [...roles] } }, ...(named ? [named] : [])],
    },
    select,
    orderBy: { createdAt: 'asc' },
  });
}
