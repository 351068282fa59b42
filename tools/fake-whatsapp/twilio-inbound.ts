export interface TwilioUserMedia {
  contentType: string;
  /** Served by the fake at its own Media URL (HTTP Basic auth); defaults to placeholder bytes. */
  bytes?: Buffer | string;
}

export interface TwilioReferral {
  body?: string;
  headline?: string;
  sourceId?: string;
  sourceType?: string;
  sourceUrl?: string;
  mediaId?: string;
  mediaContentType?: string;
  mediaUrl?: string;
  ctwaClid?: string;
}

/** What a simulated WhatsApp user sends through Twilio; `body` may be combined with media. */
export interface TwilioUserMessage {
  /** The user's number: `+4915112345678`, digits, or `whatsapp:+4915112345678`. */
  from: string;
  /** The business sender (`whatsapp:+1555...`); defaults to the first configured sender. */
  to?: string;
  profileName?: string;
  /** Fake clock time of the message, ms; an old value simulates a late webhook. */
  at?: number;
  body?: string;
  button?: { payload: string; text: string };
  media?: TwilioUserMedia[];
  location?: { latitude: number; longitude: number; address?: string; label?: string };
  referral?: TwilioReferral;
  /** SID of the business message being answered. */
  replyTo?: string;
}

export function whatsappAddress(raw: string): { address: string; digits: string } {
  const digits = raw.replace(/^whatsapp:/, '').replace(/[\s\-()+]/g, '');
  if (!/^\d{7,15}$/.test(digits)) throw new Error(`Not a phone number: ${JSON.stringify(raw)}`);
  return { address: `whatsapp:+${digits}`, digits };
}

/** Form fields of Twilio's inbound WhatsApp webhook for this message (media URLs supplied by the caller). */
export function inboundParams(
  input: TwilioUserMessage,
  ids: {
    messageSid: string;
    accountSid: string;
    from: string;
    waId: string;
    to: string;
    mediaUrls: string[];
  },
): Record<string, string> {
  const params: Record<string, string> = {
    SmsMessageSid: ids.messageSid,
    SmsSid: ids.messageSid,
    MessageSid: ids.messageSid,
    AccountSid: ids.accountSid,
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
    From: ids.from,
    To: ids.to,
    Body: input.body ?? input.button?.text ?? '',
    NumMedia: String(ids.mediaUrls.length),
    NumSegments: '1',
    ProfileName: input.profileName ?? 'Test User',
    WaId: ids.waId,
    MessageType: messageType(input),
  };
  ids.mediaUrls.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    params[`MediaContentType${i}`] = input.media?.[i]?.contentType ?? 'application/octet-stream';
  });
  if (input.button) {
    params.ButtonPayload = input.button.payload;
    params.ButtonText = input.button.text;
  }
  if (input.location) {
    params.Latitude = String(input.location.latitude);
    params.Longitude = String(input.location.longitude);
    if (input.location.address !== undefined) params.Address = input.location.address;
    if (input.location.label !== undefined) params.Label = input.location.label;
  }
  if (input.replyTo) {
    params.OriginalRepliedMessageSid = input.replyTo;
    params.OriginalRepliedMessageSender = ids.to;
  }
  const referral = input.referral;
  if (referral) {
    const fields: Array<[string, string | undefined]> = [
      ['ReferralBody', referral.body],
      ['ReferralHeadline', referral.headline],
      ['ReferralSourceId', referral.sourceId],
      ['ReferralSourceType', referral.sourceType],
      ['ReferralSourceUrl', referral.sourceUrl],
      ['ReferralMediaId', referral.mediaId],
      ['ReferralMediaContentType', referral.mediaContentType],
      ['ReferralMediaUrl', referral.mediaUrl],
      ['ReferralCtwaClid', referral.ctwaClid],
    ];
    for (const [key, value] of fields) if (value !== undefined) params[key] = value;
    params.ReferralNumMedia = referral.mediaUrl ? '1' : '0';
  }
  return params;
}

function messageType(input: TwilioUserMessage): string {
  if (input.button) return 'button';
  if (input.location) return 'location';
  const first = input.media?.[0]?.contentType;
  if (first) {
    const major = first.split('/')[0];
    return ['image', 'video', 'audio'].includes(major) ? major : 'document';
  }
  return 'text';
}
