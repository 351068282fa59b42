import type { ButtonSpec, ListSpec, OutboundMessage, ResolvedTemplate } from '@leadline/flow-core';
import { mediaSource, type MediaSource } from '../outbound/media-reference';
import { invalidMessage, recipientE164 } from '../outbound/invalid-message';
import { withoutUndefined } from '../shared/without-undefined';

type MetaMediaObject = MediaSource & { caption?: string; filename?: string };

interface MetaTextParameter {
  type: 'text';
  text: string;
}

/** A media header's parameter: `{ type: 'image', image: { link } }` and the like. */
export type MetaMediaParameter = { type: 'image' | 'document' | 'video' } & Record<string, unknown>;

export type MetaTemplateComponent =
  | { type: 'header'; parameters: Array<MetaTextParameter | MetaMediaParameter> }
  | { type: 'body'; parameters: MetaTextParameter[] }
  | {
      type: 'button';
      sub_type: 'quick_reply';
      index: string;
      parameters: Array<{ type: 'payload'; payload: string }>;
    };

export type MetaInteractive =
  | {
      type: 'button';
      body: { text: string };
      action: { buttons: Array<{ type: 'reply'; reply: { id: string; title: string } }> };
    }
  | {
      type: 'list';
      body: { text: string };
      action: {
        button: string;
        sections: Array<{ title?: string; rows: Array<{ id: string; title: string; description?: string }> }>;
      };
    };

/** The JSON body of POST /{phone-number-id}/messages. */
export interface MetaSendBody {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text' | 'interactive' | 'image' | 'document' | 'video' | 'audio' | 'template';
  /** Echoed back in status webhooks as `callbackData`. */
  biz_opaque_callback_data?: string;
  text?: { preview_url: boolean; body: string };
  interactive?: MetaInteractive;
  image?: MetaMediaObject;
  document?: MetaMediaObject;
  video?: MetaMediaObject;
  audio?: MediaSource;
  template?: {
    name: string;
    language: { code: string };
    components?: MetaTemplateComponent[];
  };
}

export interface MetaMappingOptions {
  /** Correlation string Meta echoes in status webhooks (up to 512 characters). */
  callbackData?: string;
}

type Content = Omit<MetaSendBody, 'messaging_product' | 'recipient_type' | 'to' | 'biz_opaque_callback_data'>;

function source(reference: string | undefined, what: string): MediaSource {
  const found = mediaSource(reference);
  if (!found) throw invalidMessage('meta', `${what} must be an http(s) URL or media:<id>`);
  return found;
}

function interactive(text: string, buttons: ButtonSpec[] | undefined, list: ListSpec | undefined): Content {
  if (buttons?.length) {
    return {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text },
        action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
      },
    };
  }
  if (list?.sections.length) {
    return {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text },
        action: {
          button: list.button,
          sections: list.sections.map((section) =>
            withoutUndefined({
              title: section.title,
              rows: section.rows.map((row) =>
                withoutUndefined({ id: row.id, title: row.title, description: row.description }),
              ),
            }),
          ),
        },
      },
    };
  }
  // Neither buttons nor a list: WhatsApp has no empty interactive message, so send the text.
  return { type: 'text', text: { preview_url: false, body: text } };
}

function template(ref: ResolvedTemplate): Content {
  const text = (value: string): MetaTextParameter => ({ type: 'text', text: value });
  const components: MetaTemplateComponent[] = [];
  if (ref.headerMedia) {
    const { kind, url, filename } = ref.headerMedia;
    const media = source(url, `The template header's ${kind} URL`);
    components.push({
      type: 'header',
      parameters: [
        {
          type: kind,
          [kind]: withoutUndefined({ ...media, filename: kind === 'document' ? filename : undefined }),
        },
      ],
    });
  } else if (ref.header !== undefined) components.push({ type: 'header', parameters: [text(ref.header)] });
  if (ref.params.length) components.push({ type: 'body', parameters: ref.params.map(text) });
  for (const button of ref.buttons ?? []) {
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(button.index),
      parameters: [{ type: 'payload', payload: button.payload }],
    });
  }
  return {
    type: 'template',
    template: {
      name: ref.name,
      language: { code: ref.language },
      ...(components.length ? { components } : {}),
    },
  };
}

function content(message: OutboundMessage): Content {
  switch (message.type) {
    case 'text':
      return { type: 'text', text: { preview_url: false, body: message.text } };
    case 'interactive':
      return interactive(message.text, message.buttons, message.list);
    case 'media': {
      const { kind, url, caption, filename } = message.media;
      const media = source(url, `The ${kind} URL`);
      // Meta accepts no caption on audio, and a filename only on documents.
      if (kind === 'audio') return { type: 'audio', audio: media };
      return {
        type: kind,
        [kind]: withoutUndefined({ ...media, caption, filename: kind === 'document' ? filename : undefined }),
      };
    }
    case 'document': {
      // A document uploaded with uploadMedia can travel as documentId `media:<id>` without a URL.
      const media = source(message.url ?? message.documentId, 'The document URL');
      return {
        type: 'document',
        document: withoutUndefined({ ...media, filename: message.filename, caption: message.caption }),
      };
    }
    case 'template':
      return template(message.template);
  }
}

/** Maps the core's message to a Cloud API send body; throws a permanent ProviderError if it cannot. */
export function toMetaMessage(
  to: string,
  message: OutboundMessage,
  options: MetaMappingOptions = {},
): MetaSendBody {
  return withoutUndefined({
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    to: recipientE164('meta', to),
    biz_opaque_callback_data: options.callbackData,
    ...content(message),
  });
}
