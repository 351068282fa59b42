import twilio from 'twilio';
import { HOUR_MS, ManualClock } from '../clock';
import { FakeTwilio } from '../fake-twilio';
import { LoopbackTwilioRequestClient } from '../twilio-sdk-client';
import { WebhookReceiver, type ReceivedRequest } from './webhook-receiver';

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const AUTH_TOKEN = 'twilio-test-token-123';
const SENDER = 'whatsapp:+15550001111';
const USER = 'whatsapp:+4915112345678';
const CONTENT_SID = `HX${'b2'.repeat(16)}`;
const LIST_SID = `HX${'c3'.repeat(16)}`;

/** Independent signature check with the official SDK, against the URL the receiver was configured with. */
function signedByTwilio(request: ReceivedRequest, url: string, token = AUTH_TOKEN): boolean {
  const params = Object.fromEntries(new URLSearchParams(request.raw.toString('utf8')));
  return twilio.validateRequest(token, String(request.headers['x-twilio-signature'] ?? ''), url, params);
}

describe('FakeTwilio', () => {
  let clock: ManualClock;
  let fake: FakeTwilio;
  let receiver: WebhookReceiver;
  let httpClient: LoopbackTwilioRequestClient;
  let client: twilio.Twilio;

  beforeEach(async () => {
    clock = new ManualClock();
    receiver = await new WebhookReceiver().start();
    fake = new FakeTwilio({
      accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }],
      senders: [SENDER],
      contents: [
        { sid: CONTENT_SID, body: 'Hi {{1}}, order {{2}} has shipped.' },
        { sid: LIST_SID, body: 'Pick a slot', sessionOnly: true },
      ],
      statusCallbackUrl: receiver.url('/status'),
      inboundUrl: receiver.url('/inbound'),
      now: clock.now,
    });
    await fake.start();
    httpClient = new LoopbackTwilioRequestClient(fake.url);
    client = twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient });
  });

  afterEach(async () => {
    httpClient.destroy();
    await fake.stop();
    await receiver.stop();
  });

  async function rawCreate(form: Record<string, string | string[]>, auth = `${ACCOUNT_SID}:${AUTH_TOKEN}`) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) for (const v of [value].flat()) body.append(key, v);
    const res = await fetch(`${fake.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  describe('POST Messages.json through the official SDK', () => {
    it('creates a message: 201, SM sid, status queued', async () => {
      fake.openWindow(USER);
      const message = await client.messages.create({ to: USER, from: SENDER, body: 'Your table is ready.' });
      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(message.status).toBe('queued');
      expect(message.direction).toBe('outbound-api');
      expect(message.to).toBe(USER);
      expect(message.accountSid).toBe(ACCOUNT_SID);
      expect(fake.received(USER)).toEqual([
        expect.objectContaining({ sid: message.sid, body: 'Your table is ready.', waId: '4915112345678' }),
      ]);
      const raw = await rawCreate({ To: USER, From: SENDER, Body: 'again' });
      expect(raw.status).toBe(201);
      expect(raw.body).toMatchObject({
        status: 'queued',
        error_code: null,
        num_media: '0',
        api_version: '2010-04-01',
      });
    });

    it('sends a Content template with variables, and fetches the message resource', async () => {
      const message = await client.messages.create({
        to: USER,
        from: SENDER,
        contentSid: CONTENT_SID,
        contentVariables: JSON.stringify({ 1: 'Ana', 2: '#7781' }),
      });
      expect(fake.message(message.sid)).toMatchObject({
        contentSid: CONTENT_SID,
        contentVariables: { 1: 'Ana', 2: '#7781' },
        body: 'Hi Ana, order #7781 has shipped.',
      });
      await fake.flushWebhooks();
      const fetched = await client.messages(message.sid).fetch();
      expect(fetched.status).toBe('delivered');
    });

    it('surfaces a wrong auth token as RestException 401 / 20003', async () => {
      const wrongClient = twilio(ACCOUNT_SID, 'wrong-token', { httpClient });
      await expect(wrongClient.messages.create({ to: USER, from: SENDER, body: 'x' })).rejects.toMatchObject({
        status: 401,
        code: 20003,
        moreInfo: 'https://www.twilio.com/docs/errors/20003',
      });
      const raw = await rawCreate({ To: USER, From: SENDER, Body: 'x' }, `${ACCOUNT_SID}:nope`);
      expect(raw).toEqual({
        status: 401,
        body: {
          code: 20003,
          message: 'Authenticate',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        },
      });
      expect(fake.sent()).toHaveLength(0);
    });

    it.each([
      ['missing To', 21604, { From: SENDER, Body: 'x' }],
      ['To without whatsapp: prefix', 21211, { To: '+4915112345678', From: SENDER, Body: 'x' }],
      ['missing From', 21603, { To: USER, Body: 'x' }],
      ['unknown sender', 63007, { To: USER, From: 'whatsapp:+15559999999', Body: 'x' }],
      ['no Body, MediaUrl or ContentSid', 21602, { To: USER, From: SENDER }],
      ['Body over 1600 characters', 21617, { To: USER, From: SENDER, Body: 'a'.repeat(1601) }],
      ['unknown ContentSid', 21655, { To: USER, From: SENDER, ContentSid: `HX${'0'.repeat(32)}` }],
      [
        'ContentVariables without ContentSid',
        21654,
        { To: USER, From: SENDER, Body: 'x', ContentVariables: '{}' },
      ],
      [
        'ContentVariables not JSON',
        21656,
        { To: USER, From: SENDER, ContentSid: CONTENT_SID, ContentVariables: '{1:' },
      ],
      [
        'a missing content variable',
        21656,
        { To: USER, From: SENDER, ContentSid: CONTENT_SID, ContentVariables: '{"1":"Ana"}' },
      ],
      ['a non-http MediaUrl', 21620, { To: USER, From: SENDER, MediaUrl: 'ftp://x/y.png' }],
      [
        'a StatusCallback off loopback',
        21609,
        { To: USER, From: SENDER, Body: 'x', StatusCallback: 'https://example.com/cb' },
      ],
    ])('rejects %s with 400 and code %i', async (_name, code, form) => {
      const res = await rawCreate(form);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code,
        status: 400,
        more_info: `https://www.twilio.com/docs/errors/${code}`,
      });
      expect(fake.rejections()).toEqual({ [code]: 1 });
    });

    it('accepts a 1600-character body and repeated MediaUrl', async () => {
      fake.openWindow(USER);
      expect((await rawCreate({ To: USER, From: SENDER, Body: 'a'.repeat(1600) })).status).toBe(201);
      const media = await client.messages.create({
        to: USER,
        from: SENDER,
        mediaUrl: ['https://cdn.example.test/a.png', 'https://cdn.example.test/b.png'],
      });
      expect(media.numMedia).toBe('2');
      expect(fake.message(media.sid)?.mediaUrls).toHaveLength(2);
    });
  });

  describe('status callbacks', () => {
    it('posts sent then delivered as signed forms to the default callback URL', async () => {
      fake.openWindow(USER);
      const message = await client.messages.create({ to: USER, from: SENDER, body: 'hi' });
      await fake.flushWebhooks();
      const posts = receiver.posts();
      expect(posts.map((p) => p.path)).toEqual(['/status', '/status']);
      for (const post of posts) {
        expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
        expect(signedByTwilio(post, receiver.url('/status'))).toBe(true);
        expect(signedByTwilio(post, receiver.url('/status'), 'another-token')).toBe(false);
        expect(signedByTwilio(post, receiver.url('/other'))).toBe(false);
      }
      expect(receiver.forms()).toEqual([
        expect.objectContaining({
          MessageSid: message.sid,
          SmsSid: message.sid,
          MessageStatus: 'sent',
          AccountSid: ACCOUNT_SID,
          From: SENDER,
          To: USER,
          ChannelPrefix: 'whatsapp',
        }),
        expect.objectContaining({ MessageSid: message.sid, MessageStatus: 'delivered' }),
      ]);
      expect(receiver.forms()[0].ErrorCode).toBeUndefined();
    });

    it("uses the message's own StatusCallback (query string included in the signature)", async () => {
      fake.openWindow(USER);
      const callback = receiver.url('/per-message?tenant=42&x=a%20b');
      const message = await client.messages.create({
        to: USER,
        from: SENDER,
        body: 'hi',
        statusCallback: callback,
      });
      fake.markReadByUser(message.sid);
      await fake.flushWebhooks();
      expect(receiver.posts().map((p) => p.path)).toEqual(Array(3).fill('/per-message?tenant=42&x=a%20b'));
      expect(receiver.posts().every((p) => signedByTwilio(p, callback))).toBe(true);
      expect(receiver.forms().map((f) => [f.MessageStatus, f.EventType])).toEqual([
        ['sent', undefined],
        ['delivered', undefined],
        ['read', 'READ'],
      ]);
    });

    it('delivers callbacks out of order on request', async () => {
      fake.openWindow(USER);
      fake.configureWebhooks({ order: 'reverse' });
      const message = await client.messages.create({ to: USER, from: SENDER, body: 'hi' });
      await fake.flushWebhooks();
      expect(receiver.forms().map((f) => f.MessageStatus)).toEqual(['delivered', 'sent']);
      expect(fake.message(message.sid)?.status).toBe('delivered');
    });

    it('does not retry a failed callback by default, but can be told to', async () => {
      fake.openWindow(USER);
      receiver.respond = () => ({ status: 500 });
      await client.messages.create({ to: USER, from: SENDER, body: 'hi' });
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(2);
      expect(fake.webhookDeliveries().map((d) => d.outcome)).toEqual(['dropped', 'dropped']);

      receiver.clear();
      fake.configureWebhooks({ maxAttempts: 3, retryBaseDelayMs: 1 });
      let calls = 0;
      receiver.respond = () => ({ status: ++calls === 1 ? 503 : 204 });
      fake.userSends({ from: USER, body: 'hello' });
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(2);
      expect(fake.webhookDeliveries().at(-1)?.outcome).toBe('delivered');
    });

    it('duplicates a callback on request', async () => {
      fake.openWindow(USER);
      fake.duplicateNextWebhooks(1);
      await client.messages.create({ to: USER, from: SENDER, body: 'hi' });
      await fake.flushWebhooks();
      expect(receiver.forms().map((f) => f.MessageStatus)).toEqual(['sent', 'sent', 'delivered']);
      expect(receiver.posts()[1].raw.equals(receiver.posts()[0].raw)).toBe(true);
    });
  });

  describe('24-hour window', () => {
    it('accepts free-form outside the window, then reports failed with ErrorCode 63016', async () => {
      const message = await client.messages.create({ to: USER, from: SENDER, body: 'are you there?' });
      expect(message.status).toBe('queued');
      await fake.flushWebhooks();
      expect(receiver.forms()).toEqual([
        expect.objectContaining({ MessageSid: message.sid, MessageStatus: 'failed', ErrorCode: '63016' }),
      ]);
      expect((await client.messages(message.sid).fetch()).errorCode).toBe(63016);
    });

    it('lets templates through outside the window but not session-only content', async () => {
      const template = await client.messages.create({
        to: USER,
        from: SENDER,
        contentSid: CONTENT_SID,
        contentVariables: JSON.stringify({ 1: 'Ana', 2: '#1' }),
      });
      const list = await client.messages.create({ to: USER, from: SENDER, contentSid: LIST_SID });
      await fake.flushWebhooks();
      const byMessage = (sid: string) =>
        receiver
          .forms()
          .filter((f) => f.MessageSid === sid)
          .map((f) => f.MessageStatus);
      expect(byMessage(template.sid)).toEqual(['sent', 'delivered']);
      expect(byMessage(list.sid)).toEqual(['failed']);
    });

    it('opens the window with an inbound message and closes it 24 h later; undelivered on request', async () => {
      fake.userSends({ from: USER, body: 'hi' });
      clock.advance(24 * HOUR_MS - 1);
      const inside = await client.messages.create({ to: USER, from: SENDER, body: 'welcome' });
      clock.advance(1);
      const outside = await client.messages.create({ to: USER, from: SENDER, body: 'still there?' });
      await fake.flushWebhooks();
      expect(fake.message(inside.sid)?.status).toBe('delivered');
      expect(fake.message(outside.sid)).toMatchObject({ status: 'failed', errorCode: 63016 });

      const strict = new FakeTwilio({
        now: clock.now,
        windowFailureStatus: 'undelivered',
        statusCallbackUrl: receiver.url('/u'),
      });
      await strict.start();
      try {
        const res = await fetch(`${strict.url}/2010-04-01/Accounts/AC${'0'.repeat(31)}1/Messages.json`, {
          method: 'POST',
          headers: {
            Authorization: `Basic ${Buffer.from(`AC${'0'.repeat(31)}1:test-twilio-auth-token`).toString('base64')}`,
          },
          body: new URLSearchParams({ To: USER, From: 'whatsapp:+15550001111', Body: 'x' }),
        });
        expect(res.status).toBe(201);
        await strict.flushWebhooks();
        expect(receiver.forms().at(-1)).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '63016' });
      } finally {
        await strict.stop();
      }
    });
  });

  describe('inbound messages', () => {
    it('posts a signed form with the WhatsApp fields', async () => {
      const { messageSid } = fake.userSends({
        from: '+4915112345678',
        profileName: 'Ana',
        body: 'I want a table',
      });
      await fake.flushWebhooks();
      const [post] = receiver.posts();
      expect(post.path).toBe('/inbound');
      expect(signedByTwilio(post, receiver.url('/inbound'))).toBe(true);
      expect(receiver.forms()[0]).toEqual({
        SmsMessageSid: messageSid,
        SmsSid: messageSid,
        MessageSid: messageSid,
        AccountSid: ACCOUNT_SID,
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
        From: USER,
        To: SENDER,
        Body: 'I want a table',
        NumMedia: '0',
        NumSegments: '1',
        ProfileName: 'Ana',
        WaId: '4915112345678',
        MessageType: 'text',
      });
    });

    it('carries button, location, referral and media fields; media is served with Basic auth', async () => {
      fake.userSends({ from: USER, button: { payload: 'bk_yes_991', text: 'Confirm' }, replyTo: 'SM123' });
      fake.userSends({ from: USER, location: { latitude: 52.52, longitude: 13.4, label: 'Office' } });
      fake.userSends({
        from: USER,
        body: 'from the ad',
        referral: { sourceId: '1203', sourceType: 'ad', ctwaClid: 'ARA-1' },
      });
      fake.userSends({ from: USER, media: [{ contentType: 'image/jpeg', bytes: Buffer.from([9, 8, 7]) }] });
      await fake.flushWebhooks();
      const [button, location, referral, media] = receiver.forms();
      expect(button).toMatchObject({
        ButtonPayload: 'bk_yes_991',
        ButtonText: 'Confirm',
        Body: 'Confirm',
        MessageType: 'button',
        OriginalRepliedMessageSid: 'SM123',
      });
      expect(location).toMatchObject({
        Latitude: '52.52',
        Longitude: '13.4',
        Label: 'Office',
        MessageType: 'location',
      });
      expect(referral).toMatchObject({
        ReferralSourceId: '1203',
        ReferralSourceType: 'ad',
        ReferralCtwaClid: 'ARA-1',
      });
      expect(media).toMatchObject({ NumMedia: '1', MediaContentType0: 'image/jpeg', MessageType: 'image' });
      expect(media.MessageSid).toMatch(/^MM/);
      const authed = await fetch(media.MediaUrl0, {
        headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
      });
      expect(Buffer.from(await authed.arrayBuffer())).toEqual(Buffer.from([9, 8, 7]));
      expect((await fetch(media.MediaUrl0)).status).toBe(401);
      expect(receiver.posts().every((p) => signedByTwilio(p, receiver.url('/inbound')))).toBe(true);
    });
  });

  describe('fault injection', () => {
    it('fails the next requests with a Twilio error body, seen by the SDK as RestException', async () => {
      fake.openWindow(USER);
      fake.failNext(1, { httpStatus: 503, code: 20500, message: 'Service Unavailable' });
      await expect(client.messages.create({ to: USER, from: SENDER, body: 'x' })).rejects.toMatchObject({
        status: 503,
        code: 20500,
      });
      await expect(client.messages.create({ to: USER, from: SENDER, body: 'x' })).resolves.toMatchObject({
        status: 'queued',
      });
    });

    it('runs a 429 storm until the clock passes it, and delays answers', async () => {
      fake.openWindow(USER);
      fake.failFor(1_000, { httpStatus: 429, code: 20429 });
      expect((await rawCreate({ To: USER, From: SENDER, Body: 'x' })).status).toBe(429);
      clock.advance(1_000);
      fake.delayResponses(120);
      const started = performance.now();
      expect((await rawCreate({ To: USER, From: SENDER, Body: 'x' })).status).toBe(201);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
      expect(fake.rejections()).toEqual({ 20429: 1 });
    });
  });
});
