import type { OutboundMessage } from '@leadline/flow-core';
import { ProviderError } from '../errors/provider-error';
import { toTwilioMessage } from './twilio-outbound.mapper';

const TO = '+4915112345678';
const OPTIONS = {
  from: '+15550001111',
  contentSids: { 'order_shipped:en_US': 'HXaaa', 'order_shipped:pt_BR': 'HXbbb', welcome: 'HXccc' },
};

function refused(fn: () => unknown): ProviderError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
}

describe('toTwilioMessage', () => {
  it('sends text with whatsapp: addresses', () => {
    expect(toTwilioMessage(TO, { type: 'text', text: 'Hi Ana' }, OPTIONS)).toEqual({
      to: 'whatsapp:+4915112345678',
      from: 'whatsapp:+15550001111',
      body: 'Hi Ana',
    });
  });

  it('accepts a sender already written as whatsapp:+...', () => {
    expect(toTwilioMessage(TO, { type: 'text', text: 'x' }, { from: 'whatsapp:+15550001111' }).from).toBe(
      'whatsapp:+15550001111',
    );
  });

  it('sends media as MediaUrl with the caption as Body', () => {
    expect(
      toTwilioMessage(
        TO,
        {
          type: 'media',
          media: { kind: 'image', url: 'https://cdn.example.test/menu.png', caption: 'Menu' },
        },
        OPTIONS,
      ),
    ).toMatchObject({ mediaUrl: ['https://cdn.example.test/menu.png'], body: 'Menu' });
    expect(
      toTwilioMessage(
        TO,
        { type: 'document', documentId: 'd1', filename: 'a.pdf', url: 'https://files.test/a.pdf' },
        OPTIONS,
      ),
    ).toMatchObject({ mediaUrl: ['https://files.test/a.pdf'] });
  });

  it("sends a generated document's signed link as it is, query included, with the caption as body", () => {
    const url =
      'https://leadline.example.com/media/documents/4f1c/Q-2026-0001.pdf?tenant=7a2b&exp=1795514400&sig=abc-_Z';
    expect(
      toTwilioMessage(
        TO,
        { type: 'document', documentId: '4f1c', filename: 'Q-2026-0001.pdf', url, caption: 'Your quote' },
        OPTIONS,
      ),
    ).toMatchObject({ mediaUrl: [url], body: 'Your quote' });
  });

  it('refuses media Twilio cannot fetch: uploaded ids and documents without a URL', () => {
    for (const message of [
      { type: 'media', media: { kind: 'image', url: 'media:123' } },
      { type: 'document', documentId: 'd1', filename: 'a.pdf' },
    ] as OutboundMessage[]) {
      expect(refused(() => toTwilioMessage(TO, message, OPTIONS))).toMatchObject({
        code: 'invalid_message',
        classification: { kind: 'permanent' },
      });
    }
  });

  it('sends a template as ContentSid + ContentVariables, body params first, then the header', () => {
    const params = toTwilioMessage(
      TO,
      {
        type: 'template',
        template: { name: 'order_shipped', language: 'pt_BR', params: ['Ana', '#7781'], header: 'Pedido' },
      },
      OPTIONS,
    );
    expect(params).toEqual({
      to: 'whatsapp:+4915112345678',
      from: 'whatsapp:+15550001111',
      contentSid: 'HXbbb',
      contentVariables: '{"1":"Ana","2":"#7781","3":"Pedido"}',
    });
    expect(params.body).toBeUndefined();
  });

  it('falls back to a language-independent entry and leaves out empty variables', () => {
    expect(
      toTwilioMessage(
        TO,
        { type: 'template', template: { name: 'welcome', language: 'es', params: [] } },
        OPTIONS,
      ),
    ).toEqual({ to: 'whatsapp:+4915112345678', from: 'whatsapp:+15550001111', contentSid: 'HXccc' });
  });

  it('refuses a template without a ContentSid', () => {
    const error = refused(() =>
      toTwilioMessage(
        TO,
        { type: 'template', template: { name: 'order_shipped', language: 'de', params: [] } },
        OPTIONS,
      ),
    );
    expect(error).toMatchObject({ code: 'template_not_mapped', classification: { kind: 'permanent' } });
    expect(() =>
      toTwilioMessage(
        TO,
        { type: 'template', template: { name: 'toString', language: 'en', params: [] } },
        OPTIONS,
      ),
    ).toThrow(ProviderError);
  });

  it('falls back to numbered options for reply buttons', () => {
    const params = toTwilioMessage(
      TO,
      {
        type: 'interactive',
        text: 'Confirm your booking?',
        buttons: [
          { id: 'yes', title: 'Confirm' },
          { id: 'no', title: 'Cancel' },
        ],
      },
      OPTIONS,
    );
    expect(params.body).toBe('Confirm your booking?\n\n1. Confirm\n2. Cancel');
  });

  it('numbers list rows across sections, with section titles and descriptions', () => {
    const params = toTwilioMessage(
      TO,
      {
        type: 'interactive',
        text: 'Pick a slot',
        list: {
          button: 'Slots',
          sections: [
            { title: 'Tomorrow', rows: [{ id: 'a', title: '08-12', description: 'Morning' }] },
            { title: 'Friday', rows: [{ id: 'b', title: '12-18' }] },
          ],
        },
      },
      OPTIONS,
    );
    expect(params.body).toBe('Pick a slot\n\n*Tomorrow*\n1. 08-12 - Morning\n*Friday*\n2. 12-18');
  });

  it('refuses an invalid recipient', () => {
    expect(refused(() => toTwilioMessage('nobody', { type: 'text', text: 'x' }, OPTIONS)).code).toBe(
      'invalid_recipient',
    );
  });
});
