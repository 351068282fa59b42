import { z } from 'zod';
import type {
  ChannelEvent,
  ChannelInboundMessage,
  DeliveryStatus,
  MessageEvent,
  StatusEvent,
} from '../events/channel-event';
import { MalformedWebhookError } from '../errors/malformed-webhook.error';
import { toE164 } from '../shared/e164';
import { boundInboundEvent } from '../shared/inbound-limits';
import { withoutUndefined } from '../shared/without-undefined';

export interface TwilioWebhookOptions {
  /** When the webhook arrived: Twilio sends no timestamp, so this becomes the event's `at`. */
  receivedAt: Date | string;
}

type Params = Record<string, string | undefined>;

/**
 * Twilio sends each field once. A repeated one reaches us as an array (signed all the same, since
 * the signature covers repeated values): which value would be meant is unknowable, so it is refused.
 */
const formSchema = z.record(
  z.string(),
  z.string({
    error: (issue) =>
      Array.isArray(issue.input) ? 'sent more than once (expected one value)' : 'expected a text value',
  }),
);

/** A Twilio SID: looked up and stored as an id, so refused when it is not a plain token. */
const sidSchema = z.string().regex(/^[A-Za-z]{2}[0-9A-Za-z]{1,62}$/, 'expected a Twilio SID');

const SID_FIELDS = ['MessageSid', 'SmsMessageSid', 'SmsSid', 'OriginalRepliedMessageSid'] as const;

function formParams(params: unknown): Params {
  const form = formSchema.safeParse(params);
  if (!form.success) {
    const issue = form.error.issues[0];
    throw new MalformedWebhookError(`${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  for (const field of SID_FIELDS) {
    const value = form.data[field];
    if (value && !sidSchema.safeParse(value).success)
      throw new MalformedWebhookError(`${field}: expected a Twilio SID`);
  }
  return form.data;
}

const WINDOW_CLOSED_CODE = '63016';

/**
 * Twilio's MessageStatus values onto ours. Values before `sent` (queued, sending, accepted,
 * scheduled) and the inbound ones (receiving, received) carry nothing to record.
 */
const STATUS_MAP: Record<string, DeliveryStatus | null> = {
  queued: null,
  sending: null,
  accepted: null,
  scheduled: null,
  receiving: null,
  received: null,
  sent: 'sent',
  delivered: 'delivered',
  partially_delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

// Twilio's Referral* fields under the names Meta uses, so flows read a referral the same way on both.
const REFERRAL_FIELDS: Record<string, string> = {
  ReferralBody: 'body',
  ReferralHeadline: 'headline',
  ReferralSourceId: 'source_id',
  ReferralSourceType: 'source_type',
  ReferralSourceUrl: 'source_url',
  ReferralMediaId: 'media_id',
  ReferralMediaContentType: 'media_content_type',
  ReferralMediaUrl: 'media_url',
  ReferralNumMedia: 'num_media',
  ReferralCtwaClid: 'ctwa_clid',
};

function whatsappNumber(params: Params, field: string): string {
  const raw = params[field];
  const phone = raw?.toLowerCase().startsWith('whatsapp:') ? toE164(raw) : undefined;
  if (!phone) throw new MalformedWebhookError(`${field}: expected "whatsapp:+<E.164 number>"`);
  return phone;
}

function messageSid(params: Params): string {
  const sid = params.MessageSid || params.SmsMessageSid || params.SmsSid;
  if (!sid) throw new MalformedWebhookError('MessageSid: required');
  return sid;
}

function isoTime(receivedAt: Date | string): string {
  const time = receivedAt instanceof Date ? receivedAt.getTime() : Date.parse(receivedAt);
  if (Number.isNaN(time)) throw new RangeError('receivedAt must be a valid date');
  return new Date(time).toISOString();
}

function referralOf(params: Params): Record<string, unknown> | undefined {
  const entries = Object.entries(REFERRAL_FIELDS)
    .filter(([field]) => params[field])
    .map(([field, key]) => [key, params[field]]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

function mediaKind(mimeType: string | undefined): string {
  const family = mimeType?.split('/')[0];
  return family === 'image' || family === 'video' || family === 'audio' ? family : 'document';
}

function content(
  params: Params,
): Pick<ChannelInboundMessage, 'type' | 'text' | 'buttonId' | 'media' | 'location'> {
  const body = params.Body || undefined;
  if (params.ButtonPayload || params.ButtonText) {
    return withoutUndefined({
      type: 'button',
      buttonId: params.ButtonPayload || undefined,
      text: params.ButtonText || body,
    });
  }
  // Older list-picker replies (reference §10); current ones arrive as ButtonPayload.
  if (params.ListId)
    return withoutUndefined({ type: 'list', buttonId: params.ListId, text: params.ListTitle || body });
  if (Number(params.NumMedia ?? 0) > 0 && params.MediaUrl0) {
    const mimeType = params.MediaContentType0;
    const isVcard = /^text\/(x-)?vcard/i.test(mimeType ?? '');
    return {
      type: isVcard ? 'contacts' : 'media',
      media: withoutUndefined({ kind: mediaKind(mimeType), url: params.MediaUrl0, mimeType, caption: body }),
    };
  }
  if (params.Latitude && params.Longitude) {
    const latitude = Number(params.Latitude);
    const longitude = Number(params.Longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      throw new MalformedWebhookError('Latitude/Longitude: expected numbers');
    }
    const label = [params.Label, params.Address].filter(Boolean).join(', ');
    return withoutUndefined({
      type: 'location',
      text: label || undefined,
      location: withoutUndefined({ latitude, longitude, name: params.Label, address: params.Address }),
    });
  }
  if (body !== undefined) return { type: 'text', text: body };
  return { type: 'unsupported' };
}

function inbound(params: Params, at: string): MessageEvent {
  const sid = messageSid(params);
  const phone = whatsappNumber(params, 'From');
  const message: ChannelInboundMessage = withoutUndefined({
    id: sid,
    providerMessageId: sid,
    at,
    ...content(params),
    referral: referralOf(params),
    replyTo: params.OriginalRepliedMessageSid,
    forwarded: params.Forwarded === 'true' || params.FrequentlyForwarded === 'true' || undefined,
  });
  return {
    kind: 'message',
    channel: { provider: 'twilio', phoneNumberId: whatsappNumber(params, 'To') },
    contact: withoutUndefined({
      waId: params.WaId || phone.slice(1),
      phone,
      name: params.ProfileName || undefined,
    }),
    message,
  };
}

function statusCallback(params: Params, status: DeliveryStatus, at: string): StatusEvent {
  const code = params.ErrorCode;
  const errors =
    code && /^\d+$/.test(code)
      ? [{ code: Number(code), title: '', message: params.ChannelStatusMessage ?? params.ErrorMessage ?? '' }]
      : undefined;
  return withoutUndefined({
    kind: 'status' as const,
    channel: { provider: 'twilio' as const, phoneNumberId: whatsappNumber(params, 'From') },
    providerMessageId: messageSid(params),
    status,
    at,
    recipient: whatsappNumber(params, 'To'),
    errors,
    windowClosed: code === WINDOW_CLOSED_CODE,
  });
}

/**
 * Normalises a Twilio WhatsApp webhook (form params, already signature-checked): an inbound message,
 * or a status callback (it carries MessageStatus). Returns null for a status with nothing to record
 * (queued, sending, accepted, scheduled, or a value Twilio adds later). Throws MalformedWebhookError
 * naming the field when it is not a WhatsApp webhook (e.g. an SMS one), a field is repeated or a SID
 * is not one. Events come out bounded (see inbound-limits.ts): safe to store.
 */
export function parseTwilioWebhook(
  rawParams: Record<string, unknown>,
  options: TwilioWebhookOptions,
): ChannelEvent | null {
  const params = formParams(rawParams);
  const at = isoTime(options.receivedAt);
  const reported = (params.MessageStatus ?? params.SmsStatus)?.toLowerCase();
  const isInbound = reported === undefined || reported === 'received' || reported === 'receiving';
  if (isInbound) return boundInboundEvent(inbound(params, at));
  const status = Object.hasOwn(STATUS_MAP, reported) ? STATUS_MAP[reported] : null;
  return status ? boundInboundEvent(statusCallback(params, status, at)) : null;
}

/**
 * The numbers a Twilio webhook names in `To` and `From` (E.164): one of them is the business number
 * whose auth token must have signed it (`To` for an inbound message, `From` for a status callback;
 * parseTwilioWebhook decides which, after the signature is checked). Runs on unverified input, so it
 * never throws, and reads at most two values of each field (a repeated field is refused later).
 */
export function twilioWebhookNumbers(rawParams: Record<string, unknown>): string[] {
  if (!rawParams || typeof rawParams !== 'object') return [];
  const numbers = new Set<string>();
  for (const field of ['To', 'From']) {
    const raw = rawParams[field];
    for (const value of (Array.isArray(raw) ? raw : [raw]).slice(0, 2)) {
      const phone = typeof value === 'string' ? toE164(value) : undefined;
      if (phone) numbers.add(phone);
    }
  }
  return [...numbers];
}
