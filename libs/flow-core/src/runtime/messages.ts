import type { TemplateRef } from '../flow/template-ref.schema';

export interface ButtonSpec {
  id: string;
  title: string;
}

export interface ListSpec {
  button: string;
  sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
}

export interface MediaSpec {
  kind: 'image' | 'document' | 'video' | 'audio';
  url: string;
  caption?: string;
  filename?: string;
}

/** A template header's photo, document or video (a link, or `media:<id>` uploaded earlier). */
export interface TemplateHeaderMedia {
  kind: 'image' | 'document' | 'video';
  url: string;
  filename?: string;
}

/**
 * A template with its parameters already interpolated; `headerMedia` fills a media header (IMAGE,
 * DOCUMENT or VIDEO format), as campaigns send it.
 */
export type ResolvedTemplate = Omit<TemplateRef, 'params'> & {
  params: string[];
  headerMedia?: TemplateHeaderMedia;
};

/** What the bot sends; the channel layer maps it to Meta's or Twilio's payload. */
export type OutboundMessage =
  | { type: 'text'; text: string }
  | { type: 'interactive'; text: string; buttons?: ButtonSpec[]; list?: ListSpec }
  | { type: 'media'; media: MediaSpec }
  | { type: 'document'; documentId: string; filename: string; caption?: string; url?: string }
  | { type: 'template'; template: ResolvedTemplate };

export type InboundType = 'text' | 'button' | 'list' | 'media' | 'location' | 'contacts' | 'unsupported';

/** One normalised inbound WhatsApp message, whatever the provider. */
export interface InboundMessage {
  id?: string;
  type: InboundType;
  text?: string;
  buttonId?: string;
  at: string;
  referral?: Record<string, unknown>;
  media?: { kind: string; id?: string; url?: string; mimeType?: string; caption?: string; filename?: string };
}

export function isSessionMessage(message: OutboundMessage): boolean {
  return message.type !== 'template';
}
