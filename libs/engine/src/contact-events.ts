import type { TenantTransaction } from '@leadline/database';
import type { ContactEventBody } from './contact-event-payloads';

export type { ContactEventKind } from './contact-event-payloads';

/** A new event for a contact's inbox; its payload is typed by its kind (contact-event-payloads.ts). */
export type NewContactEvent = ContactEventBody & {
  tenantId: string;
  contactId: string;
  /** Events with the same key are recorded once (see `dedupeKeys`). */
  dedupeKey?: string;
  occurredAt: Date;
};

/** Appends an event to the contact's inbox; returns its id, or null when it was a duplicate. */
export async function appendContactEvent(
  tx: TenantTransaction,
  event: NewContactEvent,
): Promise<bigint | null> {
  const rows = await tx.$queryRaw<Array<{ id: bigint }>>`
    INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
    VALUES (${event.tenantId}::uuid, ${event.contactId}::uuid, ${event.kind}, ${JSON.stringify(event.payload)}::jsonb,
            ${event.dedupeKey ?? null}, ${event.occurredAt})
    ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}
