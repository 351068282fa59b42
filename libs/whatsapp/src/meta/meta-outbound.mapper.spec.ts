import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError } from '../errors/provider-error';
import { toMetaMessage } from './meta-outbound.mapper';

const TO = '+4915112345678';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };

function refused(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('toMetaMessage', () => {
  it('sends text without link previews', () => {
    expect(toMetaMessage(TO, { type: 'text', text: 'Your table is ready.' })).toEqual({
      ...ENVELOPE,
      type: 'text',
      text: { preview_url: false, body: 'Your table is ready.' },
    });
  });

  it('normalises the recipient to E.164 with a +, so Meta never prefixes our own country code', () => {
    expect(toMetaMessage('49 151 1234-5678', { type: 'text', text: 'x' }).to).toBe(TO);
    expect(toMetaMessage('whatsapp:+4915112345678', { type: 'text', text: 'x' }).to).toBe(TO);
    const error = refused(() => toMetaMessage('call me', { type: 'text', text: 'x' }));
    expect(error).toMatchObject({ code: 'invalid_recipient', classification: { kind: 'permanent' } });
  });

  it('carries the callback data for status correlation', () => {
    expect(
      toMetaMessage(TO, { type: 'text', text: 'x' }, { callbackData: 'k1' }).biz_opaque_callback_data,
    ).toBe('k1');
  });

  it('maps reply buttons', () => {
    const message: OutboundMessage = {
      type: 'interactive',
      text: 'Confirm your 18:00 booking?',
      buttons: [
        { id: 'bk_yes_991', title: 'Confirm' },
        { id: 'bk_no_991', title: 'Cancel' },
      ],
    };
    expect(toMetaMessage(TO, message)).toEqual({
      ...ENVELOPE,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Confirm your 18:00 booking?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'bk_yes_991', title: 'Confirm' } },
            { type: 'reply', reply: { id: 'bk_no_991', title: 'Cancel' } },
          ],
        },
      },
    });
  });

  it('maps a list', () => {
    const message: OutboundMessage = {
      type: 'interactive',
      text: 'Pick a delivery slot',
      list: {
        button: 'Slots',
        sections: [
          {
            title: 'Tomorrow',
            rows: [
              { id: 'slot_t_am', title: '08-12', description: 'Morning' },
              { id: 'slot_t_pm', title: '12-18' },
            ],
          },
        ],
      },
    };
    expect(toMetaMessage(TO, message).interactive).toEqual({
      type: 'list',
      body: { text: 'Pick a delivery slot' },
      action: {
        button: 'Slots',
        sections: [
          {
            title: 'Tomorrow',
            rows: [
              { id: 'slot_t_am', title: '08-12', description: 'Morning' },
              { id: 'slot_t_pm', title: '12-18' },
            ],
          },
        ],
      },
    });
  });

  it('sends an interactive message without options as text', () => {
    expect(toMetaMessage(TO, { type: 'interactive', text: 'Hello', buttons: [] })).toMatchObject({
      type: 'text',
      text: { body: 'Hello' },
    });
  });

  it('sends media by link or by uploaded id', () => {
    expect(
      toMetaMessage(TO, {
        type: 'media',
        media: { kind: 'image', url: 'https://cdn.example.test/menu.png', caption: "Today's menu" },
      }),
    ).toEqual({
      ...ENVELOPE,
      type: 'image',
      image: { link: 'https://cdn.example.test/menu.png', caption: "Today's menu" },
    });
    expect(
      toMetaMessage(TO, { type: 'media', media: { kind: 'video', url: 'media:1900000000000009' } }),
    ).toMatchObject({
      type: 'video',
      video: { id: '1900000000000009' },
    });
  });

  it('drops what Meta refuses: audio captions and filenames outside documents', () => {
    const audio = toMetaMessage(TO, {
      type: 'media',
      media: { kind: 'audio', url: 'https://x.test/a.ogg', caption: 'c', filename: 'a.ogg' },
    });
    expect(audio).toMatchObject({ type: 'audio', audio: { link: 'https://x.test/a.ogg' } });
    expect(audio.audio).toEqual({ link: 'https://x.test/a.ogg' });
    const image = toMetaMessage(TO, {
      type: 'media',
      media: { kind: 'image', url: 'https://x.test/i.png', filename: 'i.png' },
    });
    expect(image.image).toEqual({ link: 'https://x.test/i.png' });
    const doc = toMetaMessage(TO, {
      type: 'media',
      media: { kind: 'document', url: 'https://x.test/d.pdf', filename: 'd.pdf' },
    });
    expect(doc.document).toEqual({ link: 'https://x.test/d.pdf', filename: 'd.pdf' });
  });

  it('sends a generated document with filename and caption, by link or uploaded id', () => {
    expect(
      toMetaMessage(TO, {
        type: 'document',
        documentId: 'doc_7781',
        filename: 'invoice-7781.pdf',
        caption: 'Invoice 7781',
        url: 'https://files.example.test/invoice-7781.pdf',
      }),
    ).toEqual({
      ...ENVELOPE,
      type: 'document',
      document: {
        link: 'https://files.example.test/invoice-7781.pdf',
        filename: 'invoice-7781.pdf',
        caption: 'Invoice 7781',
      },
    });
    expect(
      toMetaMessage(TO, {
        type: 'document',
        documentId: 'media:1900000000000001',
        filename: 'invoice-7781.pdf',
      }).document,
    ).toEqual({ id: '1900000000000001', filename: 'invoice-7781.pdf' });
  });

  it('refuses a media reference that is neither a URL nor a media id', () => {
    for (const message of [
      { type: 'media', media: { kind: 'image', url: 'menu.png' } },
      { type: 'media', media: { kind: 'image', url: 'media:' } },
      { type: 'document', documentId: 'doc_1', filename: 'a.pdf' },
    ] as OutboundMessage[]) {
      expect(refused(() => toMetaMessage(TO, message))).toMatchObject({
        code: 'invalid_message',
        classification: { kind: 'permanent' },
      });
    }
  });

  it('maps a template with a media header: a photo by link, a document with its file name', () => {
    const photo: OutboundMessage = {
      type: 'template',
      template: {
        name: 'spring_offer',
        language: 'en',
        params: ['Ana'],
        headerMedia: { kind: 'image', url: 'https://cdn.example.com/offer.jpg' },
      },
    };
    expect(toMetaMessage(TO, photo)).toMatchObject({
      type: 'template',
      template: {
        components: [
          {
            type: 'header',
            parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/offer.jpg' } }],
          },
          { type: 'body', parameters: [{ type: 'text', text: 'Ana' }] },
        ],
      },
    });
    const paper: OutboundMessage = {
      type: 'template',
      template: {
        name: 'price_list',
        language: 'en',
        params: [],
        headerMedia: { kind: 'document', url: 'media:42', filename: 'prices.pdf' },
      },
    };
    expect(toMetaMessage(TO, paper)).toMatchObject({
      template: {
        components: [
          {
            type: 'header',
            parameters: [{ type: 'document', document: { id: '42', filename: 'prices.pdf' } }],
          },
        ],
      },
    });
    expect(() =>
      toMetaMessage(TO, {
        type: 'template',
        template: { name: 'x', language: 'en', params: [], headerMedia: { kind: 'image', url: 'offer.jpg' } },
      }),
    ).toThrow(/header's image URL must be an http\(s\) URL/);
  });

  it('maps a template with header, body parameters and quick-reply payloads', () => {
    const message: OutboundMessage = {
      type: 'template',
      template: {
        name: 'order_shipped',
        language: 'en_US',
        header: '#7781',
        params: ['Ana', '#7781'],
        buttons: [{ index: 1, payload: 'STOP_SHIP_UPDATES' }],
      },
    };
    expect(toMetaMessage(TO, message)).toEqual({
      ...ENVELOPE,
      type: 'template',
      template: {
        name: 'order_shipped',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '#7781' }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Ana' },
              { type: 'text', text: '#7781' },
            ],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '1',
            parameters: [{ type: 'payload', payload: 'STOP_SHIP_UPDATES' }],
          },
        ],
      },
    });
  });

  it('sends a template without parameters without components', () => {
    expect(
      toMetaMessage(TO, {
        type: 'template',
        template: { name: 'hello_world', language: 'en_US', params: [] },
      }).template,
    ).toEqual({
      name: 'hello_world',
      language: { code: 'en_US' },
    });
  });
});
