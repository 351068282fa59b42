import type { ButtonSpec, ListSpec, OutboundMessage, ResolvedTemplate } from '@leadline/flow-core';
import { ProviderError } from '../errors/provider-error';
import { invalidMessage, recipientE164 } from '../outbound/invalid-message';
import { mediaSource } from '../outbound/media-reference';
import { toE164 } from '../shared/e164';
import { withoutUndefined } from '../shared/without-undefined';

/** Parameters of Twilio's Messages.create, named as the SDK names them (To, From, Body, ... on the wire). */
export interface TwilioSendParams {
  to: string;
  from: string;
  body?: string;
  mediaUrl?: string[];
  contentSid?: string;
  /** JSON object string: {"1": "...", "2": "..."}. */
  contentVariables?: string;
  statusCallback?: string;
}

/**
 * Approved Content templates of one sender: `name:language` (e.g. `order_shipped:en_US`) or just
 * `name` (any language) to ContentSid `HX...`.
 */
export type ContentSidMap = Readonly<Record<string, string>>;

export interface TwilioMappingOptions {
  from: string;
  contentSids?: ContentSidMap;
  /** The template's ContentSid as synced from the account; wins over `contentSids`. */
  contentSid?: string;
  statusCallback?: string;
}

export function contentSidKey(name: string, language: string): string {
  return `${name}:${language}`;
}

function senderE164(from: string): string {
  const phone = toE164(from);
  if (!phone) throw invalidMessage('twilio', 'The Twilio sender (from) must be an E.164 WhatsApp number');
  return phone;
}

function whatsappAddress(phone: string): string {
  return `whatsapp:${phone}`;
}

/**
 * Reply buttons and lists need Content templates on Twilio (twilio/quick-reply, twilio/list-picker),
 * which a flow's ad-hoc buttons do not have. Fallback: the text followed by numbered options; the
 * core accepts "2" (or the title) as a reply, so the conversation still works.
 */
export function numberedOptionsText(text: string, buttons?: ButtonSpec[], list?: ListSpec): string {
  const lines: string[] = [];
  let n = 0;
  if (buttons?.length) {
    for (const button of buttons) lines.push(`${++n}. ${button.title}`);
  } else {
    for (const section of list?.sections ?? []) {
      if (section.title) lines.push(`*${section.title}*`);
      for (const row of section.rows)
        lines.push(`${++n}. ${row.title}${row.description ? ` - ${row.description}` : ''}`);
    }
  }
  return lines.length ? `${text}\n\n${lines.join('\n')}` : text;
}

/**
 * Variables "1".."n" are the body parameters in order; a header parameter, when present, comes next
 * (n+1). Design the Content template's placeholders in that order. Quick-reply payloads are part of
 * the Content template itself, so the flow's button payloads are not sent.
 */
export function contentVariables(template: ResolvedTemplate): string | undefined {
  // A media header's URL is the Content template's last variable, like a header text.
  const header = template.headerMedia?.url ?? template.header;
  const values = header === undefined ? template.params : [...template.params, header];
  if (!values.length) return undefined;
  return JSON.stringify(Object.fromEntries(values.map((value, i) => [String(i + 1), value])));
}

function templateContentSid(template: ResolvedTemplate, contentSids: ContentSidMap | undefined): string {
  const own = (key: string) =>
    contentSids && Object.hasOwn(contentSids, key) ? contentSids[key] : undefined;
  const sid = own(contentSidKey(template.name, template.language)) ?? own(template.name);
  if (!sid) {
    throw new ProviderError({
      provider: 'twilio',
      classification: { kind: 'permanent' },
      code: 'template_not_mapped',
      message: `No Twilio ContentSid for template ${template.name} (${template.language})`,
    });
  }
  return sid;
}

function publicUrl(reference: string | undefined, what: string): string {
  const found = mediaSource(reference);
  if (!found || !('link' in found))
    throw invalidMessage('twilio', `${what} must be a public http(s) URL on Twilio`);
  return found.link;
}

type Content = Pick<TwilioSendParams, 'body' | 'mediaUrl' | 'contentSid' | 'contentVariables'>;

function content(
  message: OutboundMessage,
  contentSids: ContentSidMap | undefined,
  contentSid: string | undefined,
): Content {
  switch (message.type) {
    case 'text':
      return { body: message.text };
    case 'interactive':
      return { body: numberedOptionsText(message.text, message.buttons, message.list) };
    case 'media':
      // WhatsApp shows Body as the caption; Twilio takes no filename (the URL's name is used).
      return {
        mediaUrl: [publicUrl(message.media.url, `The ${message.media.kind} URL`)],
        body: message.media.caption,
      };
    case 'document':
      // Twilio fetches the file from MediaUrl when it sends, and WhatsApp shows the URL's last path
      // segment as the file name. Generated quotes and invoices get a signed, expiring link under
      // PUBLIC_URL (`/media/documents/<id>/<filename>?tenant&exp&sig`, served by the API); Meta's
      // `media:<id>` uploads mean nothing to Twilio and are refused here with a clear error.
      return { mediaUrl: [publicUrl(message.url, 'The document URL')], body: message.caption };
    case 'template':
      return {
        contentSid: contentSid ?? templateContentSid(message.template, contentSids),
        contentVariables: contentVariables(message.template),
      };
  }
}

/** Maps the core's message to Twilio's create parameters; throws a permanent ProviderError if it cannot. */
export function toTwilioMessage(
  to: string,
  message: OutboundMessage,
  options: TwilioMappingOptions,
): TwilioSendParams {
  return withoutUndefined({
    to: whatsappAddress(recipientE164('twilio', to)),
    from: whatsappAddress(senderE164(options.from)),
    ...content(message, options.contentSids, options.contentSid),
    statusCallback: options.statusCallback,
  });
}
