import type { ChannelEvent, ChannelRef, StatusEvent } from '../events/channel-event';
import { toE164 } from '../shared/e164';

/**
 * The common Meta webhook shapes read by hand, without zod: almost every webhook is one `messages`
 * change holding status updates (`sent`, `delivered`, `read`, `played`) or plain text messages. The
 * API parses one per request, and zod's parse with its copies was ~14 % of the API's time under
 * webhook ingest (issue 21, sixth round).
 *
 * Contract: `readCommonMetaWebhook` either returns exactly the events parseMetaWebhook's schemas
 * would give (before boundInboundEvent, which the caller applies to both) with no problems, or
 * `undefined` when anything is not that common shape (another field, a failed status, errors,
 * context, referral, another message type, a value of the wrong type, an id too long or holding
 * NUL...), and then the caller parses with the schemas, which name the bad path and keep the good
 * elements. So nothing is refused or accepted here that the schemas would treat otherwise: this
 * only checks what they check, for fewer shapes. meta-webhook-fast-path.spec.ts compares both on
 * every fixture.
 */
export function readCommonMetaWebhook(json: unknown): ChannelEvent[] | undefined {
  if (!isObject(json) || json.object !== 'whatsapp_business_account' || !Array.isArray(json.entry))
    return undefined;
  const events: ChannelEvent[] = [];
  for (const entry of json.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) return undefined;
    if (entry.id !== undefined && !isProviderId(entry.id)) return undefined;
    for (const change of entry.changes) {
      if (!isObject(change) || change.field !== 'messages' || !isObject(change.value)) return undefined;
      if (!readMessagesValue(change.value, events)) return undefined;
    }
  }
  return events;
}

type JsonObject = Record<string, unknown>;

/** What zod's looseObject accepts: an object that is not an array. */
function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** providerIdSchema: 1 to 512 UTF-16 units, no NUL. */
function isProviderId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= 512 && !value.includes('\u0000');
}

const UNIX_SECONDS = /^\d{1,12}$/;

/** unixSecondsSchema: the ISO string, or undefined where the schema would refuse. */
function isoOf(value: unknown): string | undefined {
  const seconds =
    typeof value === 'string' && UNIX_SECONDS.test(value)
      ? Number(value)
      : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 1e12
        ? value
        : undefined;
  return seconds === undefined ? undefined : new Date(seconds * 1000).toISOString();
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function phoneOf(waId: string): string {
  return toE164(waId) ?? `+${waId}`;
}

/** A `messages` change's value (messagesValueSchema, without `errors`). False: not the common shape. */
function readMessagesValue(value: JsonObject, events: ChannelEvent[]): boolean {
  const { metadata, contacts, messages, statuses } = value;
  if (!isObject(metadata) || !isProviderId(metadata.phone_number_id) || value.errors !== undefined)
    return false;
  if (![contacts, messages, statuses].every((list) => list === undefined || Array.isArray(list)))
    return false;
  const channel: ChannelRef = { provider: 'meta', phoneNumberId: metadata.phone_number_id };
  const names = new Map<string, string | undefined>();
  for (const contact of (contacts as unknown[] | undefined) ?? []) {
    if (!isObject(contact) || !isProviderId(contact.wa_id)) return false;
    const profile = contact.profile;
    if (profile !== undefined && !(isObject(profile) && optionalString(profile.name))) return false;
    names.set(contact.wa_id, profile?.name as string | undefined);
  }
  for (const message of (messages as unknown[] | undefined) ?? []) {
    const event = textMessage(message, channel, names);
    if (!event) return false;
    events.push(event);
  }
  for (const status of (statuses as unknown[] | undefined) ?? []) {
    const event = forwardStatus(status, channel);
    if (!event) return false;
    events.push(event);
  }
  return true;
}

/** A plain text message (messageBaseSchema + textPayloadSchema, without context, referral, errors). */
function textMessage(
  raw: unknown,
  channel: ChannelRef,
  names: Map<string, string | undefined>,
): ChannelEvent | undefined {
  if (!isObject(raw) || raw.type !== 'text' || !isObject(raw.text) || typeof raw.text.body !== 'string')
    return undefined;
  if (raw.context !== undefined || raw.referral !== undefined || raw.errors !== undefined) return undefined;
  const { from, id } = raw;
  const at = isoOf(raw.timestamp);
  if (!isProviderId(from) || !isProviderId(id) || at === undefined) return undefined;
  const name = names.get(from);
  return {
    kind: 'message',
    channel,
    contact:
      name === undefined ? { waId: from, phone: phoneOf(from) } : { waId: from, phone: phoneOf(from), name },
    message: { id, providerMessageId: id, at, type: 'text', text: raw.text.body },
  };
}

/** The forward statuses; a played voice message was heard: as good as read (as the schemas' path). */
function forwardStatusOf(status: unknown): StatusEvent['status'] | undefined {
  if (status === 'sent' || status === 'delivered' || status === 'read') return status;
  return status === 'played' ? 'read' : undefined;
}

/** A status other than `failed`, without errors (statusSchema). */
function forwardStatus(raw: unknown, channel: ChannelRef): StatusEvent | undefined {
  if (!isObject(raw) || raw.errors !== undefined) return undefined;
  const status = forwardStatusOf(raw.status);
  const at = isoOf(raw.timestamp);
  const { id, recipient_id: recipient, biz_opaque_callback_data: callbackData, pricing } = raw;
  if (!status || at === undefined || !isProviderId(id) || !isProviderId(recipient)) return undefined;
  if (!optionalString(callbackData)) return undefined;
  if (
    pricing !== undefined &&
    !(isObject(pricing) && optionalString(pricing.type) && optionalString(pricing.category))
  )
    return undefined;
  const event: StatusEvent = {
    kind: 'status',
    channel,
    providerMessageId: id,
    status,
    at,
    recipient: phoneOf(recipient),
    windowClosed: false,
  };
  if (callbackData !== undefined) event.callbackData = callbackData;
  if (pricing !== undefined) {
    const { type, category } = pricing as { type?: string; category?: string };
    event.pricing = {
      ...(type === undefined ? {} : { type }),
      ...(category === undefined ? {} : { category }),
    };
  }
  return event;
}
