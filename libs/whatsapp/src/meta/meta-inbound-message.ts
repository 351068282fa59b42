import type { z } from 'zod';
import type { ChannelInboundMessage, ProviderErrorDetail } from '../events/channel-event';
import { parseAt } from '../shared/element-parser';
import { withoutUndefined } from '../shared/without-undefined';
import {
  buttonPayloadSchema,
  contactsPayloadSchema,
  graphErrorSchema,
  interactivePayloadSchema,
  locationPayloadSchema,
  MEDIA_TYPES,
  mediaPayloadSchema,
  messageBaseSchema,
  replySchema,
  textPayloadSchema,
  type MetaMediaType,
} from './meta-webhook.schema';

type MessageBase = z.output<typeof messageBaseSchema>;
type Content = Pick<
  ChannelInboundMessage,
  'type' | 'text' | 'buttonId' | 'media' | 'location' | 'contacts' | 'unsupportedType'
>;

export function toErrorDetails(
  errors: Array<z.output<typeof graphErrorSchema>> | undefined,
): ProviderErrorDetail[] | undefined {
  if (!errors?.length) return undefined;
  return errors.map((error) =>
    withoutUndefined({
      code: error.code,
      title: error.title ?? '',
      message: error.message ?? error.error_data?.details ?? error.title ?? '',
      details: error.error_data?.details,
    }),
  );
}

function isMediaType(type: string): type is MetaMediaType {
  return (MEDIA_TYPES as readonly string[]).includes(type);
}

function interactiveContent(base: MessageBase, path: string): Content {
  const interactive = parseAt(interactivePayloadSchema, base.interactive, `${path}.interactive`);
  if (interactive.type !== 'button_reply' && interactive.type !== 'list_reply') {
    // e.g. nfm_reply (WhatsApp Flows): nothing the engine can answer yet.
    return { type: 'unsupported', unsupportedType: `interactive.${interactive.type}` };
  }
  const reply = parseAt(
    replySchema,
    interactive[interactive.type],
    `${path}.interactive.${interactive.type}`,
  );
  return {
    type: interactive.type === 'button_reply' ? 'button' : 'list',
    buttonId: reply.id,
    text: reply.title,
  };
}

function content(base: MessageBase, path: string): Content {
  const type = base.type;
  if (type === 'text')
    return { type: 'text', text: parseAt(textPayloadSchema, base.text, `${path}.text`).body };
  if (type === 'interactive') return interactiveContent(base, path);
  if (type === 'button') {
    const button = parseAt(buttonPayloadSchema, base.button, `${path}.button`);
    return withoutUndefined({ type: 'button', buttonId: button.payload || undefined, text: button.text });
  }
  if (isMediaType(type)) {
    const media = parseAt(mediaPayloadSchema, base[type], `${path}.${type}`);
    return {
      type: 'media',
      media: withoutUndefined({
        kind: type,
        id: media.id,
        mimeType: media.mime_type,
        caption: media.caption,
        filename: media.filename,
        url: media.url,
      }),
    };
  }
  if (type === 'location') {
    const location = parseAt(locationPayloadSchema, base.location, `${path}.location`);
    const label = [location.name, location.address].filter(Boolean).join(', ');
    return withoutUndefined({
      type: 'location',
      text: label || undefined,
      location: withoutUndefined({
        latitude: location.latitude,
        longitude: location.longitude,
        name: location.name,
        address: location.address,
        url: location.url,
      }),
    });
  }
  if (type === 'contacts') {
    const contacts = parseAt(contactsPayloadSchema, base.contacts, `${path}.contacts`);
    return {
      type: 'contacts',
      contacts: contacts.map((contact) =>
        withoutUndefined({
          name: contact.name?.formatted_name,
          phones: (contact.phones ?? []).map((phone) =>
            withoutUndefined({ phone: phone.phone, waId: phone.wa_id, type: phone.type }),
          ),
        }),
      ),
    };
  }
  // 'unsupported', reactions, orders, system notices, and types Meta adds later.
  return { type: 'unsupported', unsupportedType: type };
}

/** Reads one element of `value.messages[]`; throws an ElementProblem naming the path if it is bad. */
export function parseMetaMessage(
  raw: unknown,
  path: string,
): { from: string; message: ChannelInboundMessage } {
  const base = parseAt(messageBaseSchema, raw, path);
  const forwarded = base.context?.forwarded || base.context?.frequently_forwarded;
  const message: ChannelInboundMessage = withoutUndefined({
    id: base.id,
    providerMessageId: base.id,
    at: base.timestamp,
    ...content(base, path),
    referral: base.referral,
    replyTo: base.context?.id,
    forwarded: forwarded || undefined,
    errors: toErrorDetails(base.errors),
  });
  return { from: base.from, message };
}
