import type { TenantTransaction } from '@leadline/database';

export type ContactEventKind = 'inbound' | 'status' | 'timer' | 'activity.result' | 'lead' | 'control';

export interface NewContactEvent {
  tenantId: string;
  contactId: string;
  kind: ContactEventKind;
  payload: Record<string, unknown>;
  /** Events with the same key are recorded once: redelivered webhooks, re-fired timers, retried jobs. */
  dedupeKey?: string;
  occurredAt: Date;
}

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
