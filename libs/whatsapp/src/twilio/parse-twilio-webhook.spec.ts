import { MalformedWebhookError } from '../errors/malformed-webhook.error';
import { parseTwilioWebhook, twilioWebhookNumbers } from './parse-twilio-webhook';

const RECEIVED_AT = '2026-03-01T10:00:00.000Z';
const options = { receivedAt: new Date(RECEIVED_AT) };

const INBOUND = {
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  SmsMessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC123',
  From: 'whatsapp:+4915112345678',
  To: 'whatsapp:+15550001111',
  Body: 'Hi',
  NumMedia: '0',
  NumSegments: '1',
  ProfileName: 'Ana',
  WaId: '4915112345678',
  SmsStatus: 'received',
};

function message(params: Record<string, string>) {
  const event = parseTwilioWebhook(params, options);
  if (event?.kind !== 'message') throw new Error('expected a message event');
  return event;
}

describe('parseTwilioWebhook: inbound', () => {
  it('reads a text message with contact, channel and the arrival time', () => {
    expect(parseTwilioWebhook(INBOUND, options)).toEqual({
      kind: 'message',
      channel: { provider: 'twilio', phoneNumberId: '+15550001111' },
      contact: { waId: '4915112345678', phone: '+4915112345678', name: 'Ana' },
      message: {
        id: INBOUND.MessageSid,
        providerMessageId: INBOUND.MessageSid,
        type: 'text',
        text: 'Hi',
        at: RECEIVED_AT,
      },
    });
  });

  it('accepts receivedAt as an ISO string and rejects an invalid one', () => {
    expect(message({ ...INBOUND }).message.at).toBe(RECEIVED_AT);
    expect(parseTwilioWebhook(INBOUND, { receivedAt: RECEIVED_AT })).toMatchObject({
      message: { at: RECEIVED_AT },
    });
    expect(() => parseTwilioWebhook(INBOUND, { receivedAt: 'soon' })).toThrow(RangeError);
  });

  it('reads a button tap from ButtonPayload and ButtonText', () => {
    const event = message({
      ...INBOUND,
      Body: 'Confirm',
      ButtonPayload: 'bk_yes_991',
      ButtonText: 'Confirm',
      ButtonType: 'REPLY',
    });
    expect(event.message).toMatchObject({ type: 'button', buttonId: 'bk_yes_991', text: 'Confirm' });
  });

  it('reads an older list-picker reply from ListId', () => {
    const event = message({ ...INBOUND, Body: '08-12', ListId: 'slot_t_am', ListTitle: '08-12' });
    expect(event.message).toMatchObject({ type: 'list', buttonId: 'slot_t_am', text: '08-12' });
  });

  it('reads media with its URL, type and caption', () => {
    const event = message({
      ...INBOUND,
      Body: 'our menu',
      NumMedia: '1',
      MediaUrl0: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1',
      MediaContentType0: 'image/jpeg',
    });
    expect(event.message).toMatchObject({
      type: 'media',
      media: {
        kind: 'image',
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC123/Messages/MM1/Media/ME1',
        mimeType: 'image/jpeg',
        caption: 'our menu',
      },
    });
    expect(event.message.text).toBeUndefined();
  });

  it('treats a PDF as a document and a vCard as shared contacts', () => {
    const pdf = message({
      ...INBOUND,
      Body: '',
      NumMedia: '1',
      MediaUrl0: 'https://x/m',
      MediaContentType0: 'application/pdf',
    });
    expect(pdf.message).toMatchObject({ type: 'media', media: { kind: 'document' } });
    const vcard = message({
      ...INBOUND,
      Body: '',
      NumMedia: '1',
      MediaUrl0: 'https://x/v',
      MediaContentType0: 'text/vcard',
    });
    expect(vcard.message.type).toBe('contacts');
  });

  it('reads a location', () => {
    const event = message({
      ...INBOUND,
      Body: '',
      Latitude: '52.52',
      Longitude: '13.4',
      Address: 'Main St 1',
      Label: 'Cafe',
    });
    expect(event.message).toMatchObject({
      type: 'location',
      text: 'Cafe, Main St 1',
      location: { latitude: 52.52, longitude: 13.4, name: 'Cafe', address: 'Main St 1' },
    });
    expect(() => parseTwilioWebhook({ ...INBOUND, Latitude: 'north', Longitude: '1' }, options)).toThrow(
      MalformedWebhookError,
    );
  });

  it('maps Referral* fields to a referral with Meta key names', () => {
    const event = message({
      ...INBOUND,
      ReferralSourceId: 'AD1',
      ReferralSourceType: 'ad',
      ReferralSourceUrl: 'https://fb.me/ad',
      ReferralHeadline: 'Spring sale',
      ReferralBody: 'Save 20%',
      ReferralCtwaClid: 'CLID',
      ReferralNumMedia: '0',
    });
    expect(event.message.referral).toEqual({
      source_id: 'AD1',
      source_type: 'ad',
      source_url: 'https://fb.me/ad',
      headline: 'Spring sale',
      body: 'Save 20%',
      ctwa_clid: 'CLID',
      num_media: '0',
    });
    expect(message(INBOUND).message.referral).toBeUndefined();
  });

  it('keeps the replied-to message and the forwarded flag', () => {
    const event = message({ ...INBOUND, OriginalRepliedMessageSid: 'SMout', Forwarded: 'true' });
    expect(event.message).toMatchObject({ replyTo: 'SMout', forwarded: true });
  });

  it('falls back to the number when WaId and ProfileName are missing', () => {
    const { WaId: _w, ProfileName: _p, ...rest } = INBOUND;
    expect(message(rest).contact).toEqual({ waId: '4915112345678', phone: '+4915112345678' });
  });

  it('reads an empty message as unsupported', () => {
    expect(message({ ...INBOUND, Body: '' }).message.type).toBe('unsupported');
  });

  it.each([
    ['an SMS webhook', { ...INBOUND, From: '+4915112345678' }, 'From: '],
    ['a garbled sender', { ...INBOUND, From: 'whatsapp:hello' }, 'From: '],
    ['a missing recipient', { ...INBOUND, To: '' }, 'To: '],
    ['no message sid', { ...INBOUND, MessageSid: '', SmsMessageSid: '' }, 'MessageSid: '],
  ])('throws MalformedWebhookError for %s', (_label, params, reasonStart) => {
    let thrown: unknown;
    try {
      parseTwilioWebhook(params, options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MalformedWebhookError);
    expect((thrown as MalformedWebhookError).reason.startsWith(reasonStart)).toBe(true);
  });
});

describe('parseTwilioWebhook: status callbacks', () => {
  const STATUS = {
    MessageSid: 'SMout1',
    SmsSid: 'SMout1',
    AccountSid: 'AC123',
    From: 'whatsapp:+15550001111',
    To: 'whatsapp:+4915112345678',
    ChannelPrefix: 'whatsapp',
  };

  it.each([
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['failed', 'failed'],
    ['undelivered', 'failed'],
    ['canceled', 'failed'],
  ])('maps MessageStatus %s to %s', (twilioStatus, status) => {
    expect(
      parseTwilioWebhook({ ...STATUS, MessageStatus: twilioStatus, SmsStatus: twilioStatus }, options),
    ).toEqual({
      kind: 'status',
      channel: { provider: 'twilio', phoneNumberId: '+15550001111' },
      providerMessageId: 'SMout1',
      status,
      at: RECEIVED_AT,
      recipient: '+4915112345678',
      windowClosed: false,
    });
  });

  it.each(['queued', 'sending', 'accepted', 'scheduled', 'something_new', 'constructor'])(
    'returns null for %s: nothing to record',
    (twilioStatus) => {
      expect(parseTwilioWebhook({ ...STATUS, MessageStatus: twilioStatus }, options)).toBeNull();
    },
  );

  it('flags ErrorCode 63016 as a closed window', () => {
    const event = parseTwilioWebhook(
      {
        ...STATUS,
        MessageStatus: 'undelivered',
        ErrorCode: '63016',
        ChannelStatusMessage: 'Outside the window',
      },
      options,
    );
    expect(event).toMatchObject({
      status: 'failed',
      windowClosed: true,
      errors: [{ code: 63016, title: '', message: 'Outside the window' }],
    });
  });

  it('keeps other error codes without flagging the window', () => {
    const event = parseTwilioWebhook({ ...STATUS, MessageStatus: 'failed', ErrorCode: '63003' }, options);
    expect(event).toMatchObject({ windowClosed: false, errors: [{ code: 63003 }] });
  });
});

describe('parseTwilioWebhook: repeated fields and SIDs (issue 20 item 6)', () => {
  it.each(['From', 'To', 'MessageStatus', 'MessageSid', 'Body', 'ProfileName'])(
    'refuses a repeated %s naming it, instead of failing or storing an array',
    (field) => {
      const params = { ...INBOUND, MessageStatus: 'received', [field]: ['one', 'two'] };
      expect(() => parseTwilioWebhook(params, options)).toThrow(MalformedWebhookError);
      expect(() => parseTwilioWebhook(params, options)).toThrow(
        new RegExp(`^Malformed webhook: ${field}: sent more than once`),
      );
    },
  );

  it('refuses a MessageSid that is not a SID (a NUL, spaces)', () => {
    expect(() => parseTwilioWebhook({ ...INBOUND, MessageSid: 'SM12\u000034' }, options)).toThrow(
      /MessageSid: expected a Twilio SID/,
    );
    expect(() => parseTwilioWebhook({ ...INBOUND, MessageSid: 'SM 12' }, options)).toThrow(
      MalformedWebhookError,
    );
  });

  it('removes NUL from the text and name and cuts them at the limits', () => {
    const event = message({
      ...INBOUND,
      Body: `a\u0000b${'c'.repeat(5000)}`,
      ProfileName: `A\u0000na${'x'.repeat(200)}`,
    });
    expect(event.message.text).toHaveLength(4096);
    expect(event.message.text?.startsWith('abc')).toBe(true);
    expect(event.contact.name).toHaveLength(100);
    expect(event.contact.name?.startsWith('Anax')).toBe(true);
  });
});

describe('twilioWebhookNumbers', () => {
  it('names both numbers of a webhook, normalised, once each', () => {
    expect(twilioWebhookNumbers(INBOUND)).toEqual(['+15550001111', '+4915112345678']);
    expect(twilioWebhookNumbers({ To: 'whatsapp:+15550001111', From: 'whatsapp:+15550001111' })).toEqual([
      '+15550001111',
    ]);
  });

  it('reads at most two values of a repeated field and never throws', () => {
    expect(
      twilioWebhookNumbers({
        To: ['whatsapp:+15550001111', 'whatsapp:+15550002222', 'whatsapp:+15550003333'],
        From: 5,
      }),
    ).toEqual(['+15550001111', '+15550002222']);
    expect(twilioWebhookNumbers(null as unknown as Record<string, unknown>)).toEqual([]);
    expect(twilioWebhookNumbers({ To: { a: 1 }, From: 'not a number' })).toEqual([]);
  });
});

describe('parseTwilioWebhook: values that are not text', () => {
  it('refuses an object or a number (a JSON body) naming the field', () => {
    expect(() => parseTwilioWebhook({ ...INBOUND, Body: { a: 1 } }, options)).toThrow(
      /^Malformed webhook: Body: expected a text value/,
    );
    expect(() => parseTwilioWebhook({ ...INBOUND, NumMedia: 2 }, options)).toThrow(
      /NumMedia: expected a text value/,
    );
    expect(() => parseTwilioWebhook(null as unknown as Record<string, unknown>, options)).toThrow(
      MalformedWebhookError,
    );
  });
});
