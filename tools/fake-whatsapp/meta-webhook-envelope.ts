import { createHmac } from 'node:crypto';
import type { WebhookError } from './meta-graph-errors';
import type { Json } from './meta-message-validator';

export type MetaStatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface MetaPricing {
  billable: boolean;
  pricing_model: 'PMP';
  type: 'regular' | 'free_customer_service';
  category: string;
}

export interface MetaStatus {
  id: string;
  status: MetaStatusName;
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  pricing?: MetaPricing;
  errors?: WebhookError[];
}

export interface PhoneNumberRef {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
}

/** One update the fake wants to tell the business about; several can share a POST. */
export type MetaWebhookEvent =
  | { kind: 'status'; phone: PhoneNumberRef; status: MetaStatus }
  | { kind: 'message'; phone: PhoneNumberRef; contact: Json; message: Json }
  | { kind: 'template'; wabaId: string; time: number; value: Json }
  /** Any other WABA-level change: phone_number_quality_update, account_update, template_category_update. */
  | { kind: 'account'; field: string; wabaId: string; time: number; value: Json };

interface Change {
  field: string;
  value: Json;
}

/**
 * Builds Meta's envelope: one `entry` per WABA, one `messages` change per phone number holding the
 * batched `statuses[]` / `messages[]` in event order, one change per template update.
 */
export function buildMetaEnvelope(events: MetaWebhookEvent[]): Json {
  const entries = new Map<string, { id: string; time?: number; changes: Change[] }>();
  const messageChanges = new Map<string, Change>();
  for (const event of events) {
    const wabaId = event.kind === 'template' || event.kind === 'account' ? event.wabaId : event.phone.wabaId;
    let entry = entries.get(wabaId);
    if (!entry) {
      entry = { id: wabaId, changes: [] };
      entries.set(wabaId, entry);
    }
    if (event.kind === 'template') {
      entry.time = event.time;
      entry.changes.push({ field: 'message_template_status_update', value: event.value });
      continue;
    }
    if (event.kind === 'account') {
      entry.time = event.time;
      entry.changes.push({ field: event.field, value: event.value });
      continue;
    }
    const key = `${wabaId}/${event.phone.phoneNumberId}`;
    let change = messageChanges.get(key);
    if (!change) {
      change = {
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: {
            display_phone_number: event.phone.displayPhoneNumber,
            phone_number_id: event.phone.phoneNumberId,
          },
        },
      };
      messageChanges.set(key, change);
      entry.changes.push(change);
    }
    const value = change.value;
    if (event.kind === 'status') {
      value.statuses = [...((value.statuses as Json[]) ?? []), event.status];
    } else {
      const contacts = (value.contacts as Json[]) ?? [];
      if (!contacts.some((c) => c.wa_id === event.contact.wa_id)) contacts.push(event.contact);
      value.contacts = contacts;
      value.messages = [...((value.messages as Json[]) ?? []), event.message];
    }
  }
  return {
    object: 'whatsapp_business_account',
    entry: [...entries.values()].map((e) => ({
      id: e.id,
      ...(e.time === undefined ? {} : { time: e.time }),
      changes: e.changes,
    })),
  };
}

/** Optionally writes non-ASCII as \uXXXX, which is how Meta is believed to serialise (unverified). */
export function serialiseEnvelope(envelope: Json, escapeNonAscii: boolean): Buffer {
  const json = JSON.stringify(envelope);
  const text = escapeNonAscii
    ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
  return Buffer.from(text, 'utf8');
}

/** `X-Hub-Signature-256` value: HMAC-SHA256 of the exact body bytes, keyed with the app secret. */
export function metaSignature(appSecret: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}
