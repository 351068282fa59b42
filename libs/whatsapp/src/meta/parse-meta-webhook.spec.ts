import { MalformedWebhookError } from '../errors/malformed-webhook.error';
import { parseMetaWebhook } from './parse-meta-webhook';

const TS = '1767000000';
const AT = new Date(Number(TS) * 1000).toISOString();

function messagesChange(value: Record<string, unknown>, phoneNumberId = 'PN1') {
  return {
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
      ...value,
    },
  };
}

function webhook(...changes: unknown[]) {
  return { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes }] };
}

function inbound(message: Record<string, unknown>) {
  return {
    from: '4915112345678',
    id: 'wamid.IN1',
    timestamp: TS,
    ...message,
  };
}

const ANA = { profile: { name: 'Ana' }, wa_id: '4915112345678' };

function onlyEvent(json: unknown) {
  const { events, problems } = parseMetaWebhook(json);
  expect(problems).toEqual([]);
  expect(events).toHaveLength(1);
  return events[0];
}

function onlyMessage(message: Record<string, unknown>) {
  const event = onlyEvent(webhook(messagesChange({ contacts: [ANA], messages: [inbound(message)] })));
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  return event.message;
}

describe('parseMetaWebhook: messages', () => {
  it('reads a text message with its contact, channel and time', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({ contacts: [ANA], messages: [inbound({ type: 'text', text: { body: 'hi' } })] }),
      ),
    );
    expect(event).toEqual({
      kind: 'message',
      channel: { provider: 'meta', phoneNumberId: 'PN1' },
      contact: { waId: '4915112345678', phone: '+4915112345678', name: 'Ana' },
      message: { id: 'wamid.IN1', providerMessageId: 'wamid.IN1', type: 'text', text: 'hi', at: AT },
    });
  });

  it('tolerates fields Meta adds later (user_id, from_user_id, ...)', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({
          contacts: [{ ...ANA, user_id: 'US.1', parent_user_id: 'US.0' }],
          messages: [inbound({ type: 'text', text: { body: 'hi', extra: 1 }, from_user_id: 'US.1' })],
          brand_new_field: { nested: true },
        }),
      ),
    );
    expect(event).toMatchObject({ kind: 'message', message: { text: 'hi' } });
  });

  it('reads a reply-button tap as a button with its id and title', () => {
    const message = onlyMessage({
      type: 'interactive',
      context: { from: '15550001111', id: 'wamid.OUT1' },
      interactive: { type: 'button_reply', button_reply: { id: 'bk_yes_991', title: 'Confirm' } },
    });
    expect(message).toMatchObject({
      type: 'button',
      buttonId: 'bk_yes_991',
      text: 'Confirm',
      replyTo: 'wamid.OUT1',
    });
  });

  it('reads a list choice as a list with the row id and title', () => {
    const message = onlyMessage({
      type: 'interactive',
      interactive: {
        type: 'list_reply',
        list_reply: { id: 'slot_t_am', title: '08-12', description: 'Morning' },
      },
    });
    expect(message).toMatchObject({ type: 'list', buttonId: 'slot_t_am', text: '08-12' });
  });

  it('reads a template quick-reply tap: payload as button id, label as text', () => {
    const message = onlyMessage({
      type: 'button',
      context: { from: '15550001111', id: 'wamid.TPL1' },
      button: { payload: 'STOP_SHIP_UPDATES', text: 'Stop updates' },
    });
    expect(message).toMatchObject({ type: 'button', buttonId: 'STOP_SHIP_UPDATES', text: 'Stop updates' });
  });

  it.each([
    [
      'image',
      { id: 'M1', mime_type: 'image/jpeg', sha256: 'x', caption: 'menu' },
      { kind: 'image', id: 'M1', mimeType: 'image/jpeg', caption: 'menu' },
    ],
    [
      'document',
      { id: 'M2', filename: 'a.pdf', mime_type: 'application/pdf', caption: 'Invoice' },
      { kind: 'document', id: 'M2', mimeType: 'application/pdf', filename: 'a.pdf', caption: 'Invoice' },
    ],
    ['video', { id: 'M3', mime_type: 'video/mp4' }, { kind: 'video', id: 'M3', mimeType: 'video/mp4' }],
    [
      'audio',
      { id: 'M4', mime_type: 'audio/ogg', voice: true },
      { kind: 'audio', id: 'M4', mimeType: 'audio/ogg' },
    ],
    [
      'sticker',
      { id: 'M5', mime_type: 'image/webp', animated: false },
      { kind: 'sticker', id: 'M5', mimeType: 'image/webp' },
    ],
  ])('reads %s as media', (type, payload, media) => {
    const message = onlyMessage({ type, [type]: payload });
    expect(message.type).toBe('media');
    expect(message.media).toEqual(media);
  });

  it('reads a shared place with its name and address as text', () => {
    const message = onlyMessage({
      type: 'location',
      location: { latitude: 52.52, longitude: 13.4, name: 'Cafe', address: 'Main St 1' },
    });
    expect(message).toMatchObject({
      type: 'location',
      text: 'Cafe, Main St 1',
      location: { latitude: 52.52, longitude: 13.4, name: 'Cafe', address: 'Main St 1' },
    });
  });

  it('reads a bare pin without inventing text', () => {
    const message = onlyMessage({ type: 'location', location: { latitude: -33.9, longitude: 18.4 } });
    expect(message.text).toBeUndefined();
    expect(message.location).toEqual({ latitude: -33.9, longitude: 18.4 });
  });

  it('reads shared contacts', () => {
    const message = onlyMessage({
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Bob Stone', first_name: 'Bob' },
          phones: [{ phone: '+1 555 0100', wa_id: '15550100', type: 'CELL' }],
        },
      ],
    });
    expect(message).toMatchObject({
      type: 'contacts',
      contacts: [{ name: 'Bob Stone', phones: [{ phone: '+1 555 0100', waId: '15550100', type: 'CELL' }] }],
    });
  });

  it('reads unsupported and unknown types as unsupported, keeping the provider type and errors', () => {
    const message = onlyMessage({
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
    });
    expect(message).toMatchObject({
      type: 'unsupported',
      unsupportedType: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown' }],
    });
    expect(onlyMessage({ type: 'reaction', reaction: { message_id: 'x', emoji: '👍' } })).toMatchObject({
      type: 'unsupported',
      unsupportedType: 'reaction',
    });
    expect(
      onlyMessage({ type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: {} } }),
    ).toMatchObject({
      type: 'unsupported',
      unsupportedType: 'interactive.nfm_reply',
    });
  });

  it('copies a click-to-WhatsApp referral as received', () => {
    const referral = {
      source_url: 'https://fb.me/ad',
      source_id: 'AD1',
      source_type: 'ad',
      headline: 'Spring sale',
      ctwa_clid: 'CLID',
      welcome_message: { text: 'Hi!' },
    };
    expect(onlyMessage({ type: 'text', text: { body: 'Interested' }, referral }).referral).toEqual(referral);
  });

  it('marks forwarded messages', () => {
    expect(onlyMessage({ type: 'text', text: { body: 'fw' }, context: { forwarded: true } }).forwarded).toBe(
      true,
    );
  });

  it('falls back to the sender id when the contact is missing', () => {
    const event = onlyEvent(
      webhook(messagesChange({ messages: [inbound({ type: 'text', text: { body: 'x' } })] })),
    );
    expect(event).toMatchObject({ contact: { waId: '4915112345678', phone: '+4915112345678' } });
    expect(event.kind === 'message' && event.contact.name).toBeUndefined();
  });
});

describe('parseMetaWebhook: statuses and templates', () => {
  it('reads statuses with their time, recipient, pricing and correlation data', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({
          statuses: [
            {
              id: 'wamid.OUT9',
              status: 'delivered',
              timestamp: '1767000100',
              recipient_id: '4915112345678',
              biz_opaque_callback_data: 'send-42',
              pricing: {
                billable: false,
                pricing_model: 'PMP',
                type: 'free_customer_service',
                category: 'utility',
              },
            },
          ],
        }),
      ),
    );
    expect(event).toEqual({
      kind: 'status',
      channel: { provider: 'meta', phoneNumberId: 'PN1' },
      providerMessageId: 'wamid.OUT9',
      status: 'delivered',
      at: new Date(1767000100 * 1000).toISOString(),
      recipient: '+4915112345678',
      windowClosed: false,
      callbackData: 'send-42',
      pricing: { type: 'free_customer_service', category: 'utility' },
    });
  });

  it('flags a failed status with 131047 as a closed window and keeps its errors', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({
          statuses: [
            {
              id: 'wamid.OUT9',
              status: 'failed',
              timestamp: '1767000100',
              recipient_id: '4915112345678',
              errors: [
                {
                  code: 131047,
                  title: 'Re-engagement message',
                  message: 'Re-engagement message',
                  error_data: { details: 'More than 24 hours have passed since the recipient last replied' },
                  href: '/documentation/business-messaging/whatsapp/support/error-codes',
                },
              ],
            },
          ],
        }),
      ),
    );
    expect(event).toMatchObject({
      kind: 'status',
      status: 'failed',
      windowClosed: true,
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          details: 'More than 24 hours have passed since the recipient last replied',
        },
      ],
    });
  });

  it('does not flag other failures as a closed window', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({
          statuses: [
            {
              id: 'w',
              status: 'failed',
              timestamp: TS,
              recipient_id: '4915112345678',
              errors: [{ code: 131026, title: 'Message undeliverable' }],
            },
          ],
        }),
      ),
    );
    expect(event).toMatchObject({
      windowClosed: false,
      errors: [{ code: 131026, message: 'Message undeliverable' }],
    });
  });

  it('reads a template status update', () => {
    const event = onlyEvent({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA7',
          time: 1767000200,
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: 'REJECTED',
                message_template_id: 1234567890,
                message_template_name: 'order_shipped',
                message_template_language: 'en_US',
                reason: 'INVALID_FORMAT',
                rejection_info: { reason: '...', recommendation: '...' },
              },
            },
          ],
        },
      ],
    });
    expect(event).toEqual({
      kind: 'template_status',
      wabaId: 'WABA7',
      templateId: '1234567890',
      templateName: 'order_shipped',
      language: 'en_US',
      event: 'REJECTED',
      reason: 'INVALID_FORMAT',
    });
  });

  it('drops a null reason', () => {
    const event = onlyEvent({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA7',
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: 'APPROVED',
                message_template_name: 't',
                message_template_language: 'pt_BR',
                reason: null,
              },
            },
          ],
        },
      ],
    });
    expect(event).toEqual({
      kind: 'template_status',
      wabaId: 'WABA7',
      templateName: 't',
      language: 'pt_BR',
      event: 'APPROVED',
    });
  });
});

describe('parseMetaWebhook: batches and bad input', () => {
  it('reads every entry, change, message and status of a batch in order', () => {
    const json = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA1',
          changes: [
            messagesChange({
              contacts: [ANA],
              messages: [
                inbound({ id: 'wamid.A', type: 'text', text: { body: 'a' } }),
                inbound({ id: 'wamid.B', type: 'text', text: { body: 'b' } }),
              ],
              statuses: [{ id: 'wamid.S1', status: 'read', timestamp: TS, recipient_id: '4915112345678' }],
            }),
            messagesChange(
              { messages: [inbound({ id: 'wamid.C', type: 'text', text: { body: 'c' } })] },
              'PN2',
            ),
          ],
        },
        {
          id: 'WABA2',
          changes: [
            messagesChange(
              { messages: [inbound({ id: 'wamid.D', type: 'text', text: { body: 'd' } })] },
              'PN3',
            ),
          ],
        },
      ],
    };
    const { events, problems } = parseMetaWebhook(json);
    expect(problems).toEqual([]);
    expect(
      events.map((e) =>
        e.kind === 'message' ? e.message.providerMessageId : e.kind === 'status' ? e.providerMessageId : '',
      ),
    ).toEqual(['wamid.A', 'wamid.B', 'wamid.S1', 'wamid.C', 'wamid.D']);
    expect(events.map((e) => ('channel' in e ? e.channel.phoneNumberId : ''))).toEqual([
      'PN1',
      'PN1',
      'PN1',
      'PN2',
      'PN3',
    ]);
  });

  it('keeps the good elements of a batch and reports the bad one by path', () => {
    const json = webhook(
      messagesChange({
        messages: [
          inbound({ id: 'wamid.GOOD1', type: 'text', text: { body: 'ok' } }),
          inbound({ id: 'wamid.BAD', timestamp: 'yesterday', type: 'text', text: { body: 'x' } }),
          inbound({ id: 'wamid.GOOD2', type: 'text', text: { body: 'ok' } }),
        ],
      }),
      messagesChange({ statuses: [{ id: 'w', status: 'exploded', timestamp: TS, recipient_id: '1' }] }),
      { field: 'messages' },
    );
    const { events, problems } = parseMetaWebhook(json);
    expect(events.map((e) => e.kind === 'message' && e.message.providerMessageId)).toEqual([
      'wamid.GOOD1',
      'wamid.GOOD2',
    ]);
    expect(problems).toEqual([
      'entry[0].changes[0].value.messages[1].timestamp: expected unix seconds',
      expect.stringMatching(/^entry\[0\]\.changes\[1\]\.value\.statuses\[0\]\.status: /),
      expect.stringMatching(/^entry\[0\]\.changes\[2\]\.value: /),
    ]);
  });

  it('reports a message whose payload does not match its type', () => {
    const { problems } = parseMetaWebhook(
      webhook(
        messagesChange({
          messages: [
            inbound({ id: 'ok', type: 'text', text: { body: 'fine' } }),
            inbound({ type: 'text' }),
            inbound({ type: 'interactive', interactive: { type: 'button_reply' } }),
            inbound({ type: 'image', image: { mime_type: 'image/png' } }),
            inbound({ type: 'location', location: { latitude: 200, longitude: 0 } }),
          ],
        }),
      ),
    );
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'entry[0].changes[0].value.messages[1].text',
      'entry[0].changes[0].value.messages[2].interactive.button_reply',
      'entry[0].changes[0].value.messages[3].image.id',
      'entry[0].changes[0].value.messages[4].location.latitude',
    ]);
  });

  it('surfaces app-level errors as problems without failing', () => {
    const { events, problems } = parseMetaWebhook(
      webhook(
        messagesChange({
          errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: 'later' } }],
        }),
      ),
    );
    expect(events).toEqual([]);
    expect(problems).toEqual(['entry[0].changes[0].value.errors[0]: provider reported error 131000 (later)']);
  });

  it('acknowledges other webhook fields and an empty entry list without events', () => {
    expect(parseMetaWebhook({ object: 'whatsapp_business_account', entry: [] })).toEqual({
      events: [],
      problems: [],
    });
    expect(
      parseMetaWebhook(
        webhook({ field: 'business_capability_update', value: { max_daily_conversation_per_phone: 1000 } }),
      ),
    ).toEqual({ events: [], problems: [] });
  });

  it('reads the health of a number and template category changes', () => {
    const parsed = parseMetaWebhook(
      webhook(
        {
          field: 'phone_number_quality_update',
          value: {
            display_phone_number: '15550001111',
            event: 'DOWNGRADE',
            current_limit: 'TIER_250',
            old_limit: 'TIER_1K',
          },
        },
        { field: 'account_update', value: { phone_number: '15550001111', event: 'ACCOUNT_RESTRICTION' } },
        {
          field: 'template_category_update',
          value: {
            message_template_id: 123,
            message_template_name: 'order_ready',
            message_template_language: 'en',
            previous_category: 'UTILITY',
            new_category: 'MARKETING',
          },
        },
        { field: 'phone_number_quality_update', value: { display_phone_number: '15550001111' } },
      ),
    );
    expect(parsed.events).toEqual([
      {
        kind: 'channel_health',
        source: 'phone_number_quality_update',
        wabaId: 'WABA1',
        displayPhone: '+15550001111',
        event: 'DOWNGRADE',
        messagingTier: 'TIER_250',
        previousTier: 'TIER_1K',
      },
      {
        kind: 'channel_health',
        source: 'account_update',
        wabaId: 'WABA1',
        displayPhone: '+15550001111',
        event: 'ACCOUNT_RESTRICTION',
      },
      {
        kind: 'template_category',
        wabaId: 'WABA1',
        templateId: '123',
        templateName: 'order_ready',
        language: 'en',
        previousCategory: 'UTILITY',
        newCategory: 'MARKETING',
      },
    ]);
    // A change without its event is reported, and the others are kept.
    expect(parsed.problems).toEqual([expect.stringContaining('entry[0].changes[3].value.event')]);
  });

  it.each([
    ['null', null, 'payload: '],
    ['an array', [], 'payload: '],
    ['another product', { object: 'page', entry: [] }, 'object: '],
    ['no entry list', { object: 'whatsapp_business_account', entry: {} }, 'entry: '],
  ])('throws MalformedWebhookError for %s', (_label, json, reasonStart) => {
    let thrown: unknown;
    try {
      parseMetaWebhook(json);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MalformedWebhookError);
    expect((thrown as MalformedWebhookError).reason.startsWith(reasonStart)).toBe(true);
  });

  it('throws when nothing in the batch could be read, naming the first bad path', () => {
    const json = webhook(
      messagesChange({ messages: [inbound({ timestamp: '17.5e8', type: 'text', text: { body: 'x' } })] }),
    );
    expect(() => parseMetaWebhook(json)).toThrow(
      new MalformedWebhookError('entry[0].changes[0].value.messages[0].timestamp: expected unix seconds'),
    );
    expect(() => parseMetaWebhook({ object: 'whatsapp_business_account', entry: [{ id: 'W' }] })).toThrow(
      /entry\[0\]\.changes: /,
    );
  });

  it('reports a template update without its WABA id', () => {
    const json = {
      object: 'whatsapp_business_account',
      entry: [
        {
          changes: [
            {
              field: 'message_template_status_update',
              value: { event: 'APPROVED', message_template_name: 't', message_template_language: 'en' },
            },
          ],
        },
      ],
    };
    expect(() => parseMetaWebhook(json)).toThrow('entry[0].id: expected the WABA id');
  });
});

describe('parseMetaWebhook: hostile input (issue 16 item 11)', () => {
  it('reports a message whose id or sender holds a NUL, and keeps the others', () => {
    const { events, problems } = parseMetaWebhook(
      webhook(
        messagesChange({
          messages: [
            inbound({ id: 'wamid.\u0000X', type: 'text', text: { body: 'a' } }),
            inbound({ from: '49151\u00001', id: 'wamid.Y', type: 'text', text: { body: 'b' } }),
            inbound({ id: 'wamid.OK', type: 'text', text: { body: 'c' } }),
          ],
        }),
      ),
    );
    expect(events.map((e) => e.kind === 'message' && e.message.id)).toEqual(['wamid.OK']);
    expect(problems).toEqual([
      'entry[0].changes[0].value.messages[0].id: must not contain NUL characters',
      'entry[0].changes[0].value.messages[1].from: must not contain NUL characters',
    ]);
  });

  it('refuses a NUL in a phone number id or template name, and a whole body nested too deeply', () => {
    expect(() =>
      parseMetaWebhook(
        webhook(messagesChange({ messages: [inbound({ type: 'text', text: { body: 'a' } })] }, 'PN\u0000')),
      ),
    ).toThrow(/phone_number_id: must not contain NUL/);
    expect(() =>
      parseMetaWebhook(
        webhook({
          field: 'message_template_status_update',
          value: { event: 'APPROVED', message_template_name: 'a\u0000', message_template_language: 'en' },
        }),
      ),
    ).toThrow(/message_template_name: must not contain NUL/);
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    const body = webhook(
      messagesChange({ messages: [inbound({ type: 'text', text: { body: 'a' }, referral: { deep } })] }),
    );
    expect(() => parseMetaWebhook(body)).toThrow(
      new MalformedWebhookError('payload: nested deeper than 32 levels'),
    );
  });

  it('strips NUL from text and names, and cuts long text', () => {
    const event = onlyEvent(
      webhook(
        messagesChange({
          contacts: [{ profile: { name: 'A\u0000na' }, wa_id: '4915112345678' }],
          messages: [inbound({ type: 'text', text: { body: `h\u0000i${'!'.repeat(5000)}` } })],
        }),
      ),
    );
    if (event.kind !== 'message') throw new Error('expected a message');
    expect(event.contact.name).toBe('Ana');
    expect(event.message.text).toBe(`hi${'!'.repeat(4094)}`);
  });
});
