import { randomBytes } from 'node:crypto';

export type TwilioStatus = 'queued' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

export interface TwilioMessageRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  /** Digits of the recipient, the key of the 24 h window. */
  waId: string;
  body: string;
  mediaUrls: string[];
  contentSid?: string;
  contentVariables?: Record<string, string>;
  messagingServiceSid?: string;
  statusCallback?: string;
  /** Fake clock time of creation, ms. */
  at: number;
  insideWindow: boolean;
  status: TwilioStatus;
  errorCode?: number;
}

export const twilioSid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

/** RFC 2822 as Twilio writes it: `Thu, 01 Jan 2026 12:00:00 +0000`. */
export function rfc2822(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** The Message resource as the REST API returns it (snake_case JSON). */
export function messageResource(record: TwilioMessageRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${record.accountSid}/Messages/${record.sid}`;
  return {
    account_sid: record.accountSid,
    api_version: '2010-04-01',
    body: record.body,
    date_created: rfc2822(record.at),
    date_sent: null,
    date_updated: rfc2822(record.at),
    direction: 'outbound-api',
    error_code: record.errorCode ?? null,
    error_message: null,
    from: record.from,
    messaging_service_sid: record.messagingServiceSid ?? null,
    num_media: String(record.mediaUrls.length),
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: record.sid,
    status: record.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: record.to,
    uri: `${uri}.json`,
  };
}

/** Later statuses win; Twilio callbacks can arrive out of order but the resource never goes back. */
export const TWILIO_STATUS_RANK: Record<TwilioStatus, number> = {
  queued: 0,
  accepted: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  read: 3,
  failed: 4,
};
