import type { Json } from './meta-message-validator';

export interface MetaReferral {
  source_url?: string;
  source_id?: string;
  source_type?: 'ad' | 'post' | string;
  body?: string;
  headline?: string;
  media_type?: 'image' | 'video';
  image_url?: string;
  video_url?: string;
  thumbnail_url?: string;
  ctwa_clid?: string;
  welcome_message?: { text: string };
}

export interface MetaUserMedia {
  type: 'image' | 'document' | 'audio' | 'video' | 'sticker';
  mimeType: string;
  /** Stored by the fake and downloadable through GET /{media-id}; defaults to a few placeholder bytes. */
  bytes?: Buffer | string;
  caption?: string;
  filename?: string;
}

/** What a simulated WhatsApp user sends; exactly one content field must be set. */
export interface MetaUserMessage {
  /** The user's number, `+4915112345678` or `4915112345678`. */
  from: string;
  /** Profile name in `contacts[].profile.name`. */
  name?: string;
  /** Which business number receives it; defaults to the first configured one. */
  phoneNumberId?: string;
  /** Unix seconds, as in Meta's payload; defaults to the fake's clock. An old value simulates a late webhook. */
  timestamp?: number;
  text?: string;
  /** Tap on an interactive reply button. */
  button?: { id: string; title: string };
  /** Tap on a template quick-reply button (`type: "button"`). */
  quickReply?: { payload: string; text: string };
  list?: { id: string; title: string; description?: string };
  media?: MetaUserMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** wamid of the business message being answered (`context.id`). */
  replyTo?: string;
  referral?: MetaReferral;
}

export function userDigits(raw: string): string {
  const digits = raw.replace(/[\s\-()+]/g, '');
  if (!/^\d{7,15}$/.test(digits)) throw new Error(`Not a phone number: ${JSON.stringify(raw)}`);
  return digits;
}

const CONTENT_KEYS = ['text', 'button', 'quickReply', 'list', 'media', 'location'] as const;

/** Builds `value.messages[i]` for the simulated user message. `mediaId` is set when media was stored. */
export function buildInboundMessage(
  input: MetaUserMessage,
  ids: {
    wamid: string;
    from: string;
    timestamp: string;
    businessNumber: string;
    mediaId?: string;
    sha256?: string;
  },
): Json {
  const present = CONTENT_KEYS.filter((key) => input[key] !== undefined);
  if (present.length !== 1) {
    throw new Error(
      `userSends needs exactly one of ${CONTENT_KEYS.join(', ')}; got ${present.join(', ') || 'none'}`,
    );
  }
  const message: Json = { from: ids.from, id: ids.wamid, timestamp: ids.timestamp };
  if (input.replyTo) message.context = { from: ids.businessNumber, id: input.replyTo };
  if (input.text !== undefined) {
    message.type = 'text';
    message.text = { body: input.text };
  } else if (input.button) {
    message.type = 'interactive';
    message.interactive = {
      type: 'button_reply',
      button_reply: { id: input.button.id, title: input.button.title },
    };
  } else if (input.list) {
    message.type = 'interactive';
    message.interactive = { type: 'list_reply', list_reply: { ...input.list } };
  } else if (input.quickReply) {
    message.type = 'button';
    message.button = { payload: input.quickReply.payload, text: input.quickReply.text };
  } else if (input.location) {
    message.type = 'location';
    message.location = { ...input.location };
  } else if (input.media) {
    const media = input.media;
    message.type = media.type;
    message[media.type] = {
      id: ids.mediaId,
      mime_type: media.mimeType,
      sha256: ids.sha256,
      ...(media.caption === undefined ? {} : { caption: media.caption }),
      ...(media.filename === undefined ? {} : { filename: media.filename }),
    };
  }
  if (input.referral) message.referral = { ...input.referral };
  return message;
}
