import { ManualClock } from '../clock';
import { FakeMetaGraph } from '../fake-meta-graph';
import { WebhookReceiver } from './webhook-receiver';
import {
  APP_SECRET,
  hasValidMetaSignature,
  messagesIn,
  PHONE_NUMBERS,
  PNID,
  send,
  statusesIn,
  textTo,
  USER,
  USER_ID,
  WABA,
  wamidOf,
  type Envelope,
} from './meta-helpers';

describe('FakeMetaGraph: webhooks', () => {
  let clock: ManualClock;
  let fake: FakeMetaGraph;
  let receiver: WebhookReceiver;

  async function start(options: ConstructorParameters<typeof FakeMetaGraph>[0] = {}) {
    fake = new FakeMetaGraph({
      phoneNumbers: PHONE_NUMBERS,
      appSecret: APP_SECRET,
      webhookUrl: receiver.url(),
      now: clock.now,
      ...options,
    });
    await fake.start();
  }

  beforeEach(async () => {
    clock = new ManualClock();
    receiver = await new WebhookReceiver().start();
  });

  afterEach(async () => {
    await fake?.stop();
    await receiver.stop();
  });

  describe('status webhooks', () => {
    it("posts sent then delivered in Meta's envelope, signed with the app secret", async () => {
      await start();
      fake.openWindow(USER);
      const res = await send(fake, { ...textTo(USER), biz_opaque_callback_data: 'order-7781' });
      await fake.flushWebhooks();

      expect(receiver.posts()).toHaveLength(2);
      for (const request of receiver.posts()) {
        expect(request.headers['content-type']).toBe('application/json');
        expect(hasValidMetaSignature(request)).toBe(true);
        expect(hasValidMetaSignature(request, 'some-other-secret')).toBe(false);
      }
      const [first] = receiver.json<Envelope>();
      expect(first).toEqual({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: WABA,
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: '15550001111', phone_number_id: PNID },
                  statuses: [
                    {
                      id: wamidOf(res),
                      status: 'sent',
                      timestamp: String(Math.floor(clock.now() / 1000)),
                      recipient_id: USER_ID,
                      biz_opaque_callback_data: 'order-7781',
                      pricing: {
                        billable: false,
                        pricing_model: 'PMP',
                        type: 'free_customer_service',
                        category: 'service',
                      },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      expect(statusesIn(receiver.json<Envelope>()).map((s) => s.status)).toEqual(['sent', 'delivered']);
    });

    it('posts read when the user reads the message, and tracks the latest status', async () => {
      await start();
      fake.openWindow(USER);
      const res = await send(fake, textTo(USER));
      await fake.flushWebhooks();
      clock.advance(5_000);
      fake.markReadByUser(wamidOf(res));
      await fake.flushWebhooks();
      const statuses = statusesIn(receiver.json<Envelope>());
      expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
      expect(Number(statuses[2].timestamp) - Number(statuses[0].timestamp)).toBe(5);
      expect(fake.message(wamidOf(res))?.status).toBe('read');
      expect(() => fake.markReadByUser('wamid.unknown')).toThrow(/No accepted message/);
    });

    it('batches several updates into one POST when batchSize allows', async () => {
      await start({ webhooks: { batchSize: 3 } });
      fake.openWindow(USER);
      fake.pauseWebhooks();
      const a = await send(fake, textTo(USER));
      const b = await send(fake, textTo(USER));
      fake.resumeWebhooks();
      await fake.flushWebhooks();
      const posts = receiver.json<Envelope>();
      expect(posts).toHaveLength(2);
      expect(posts[0].entry).toHaveLength(1);
      expect(posts[0].entry[0].changes).toHaveLength(1);
      const label = (id: string) => (id === wamidOf(a) ? 'a' : id === wamidOf(b) ? 'b' : '?');
      const perPost = posts.map((p) => statusesIn([p]).map((s) => `${label(s.id)}:${s.status}`));
      expect(perPost).toEqual([['a:sent', 'a:delivered', 'b:sent'], ['b:delivered']]);
      for (const request of receiver.posts()) expect(hasValidMetaSignature(request)).toBe(true);
    });

    it('delivers a POST twice, byte for byte, when asked to duplicate', async () => {
      await start();
      fake.openWindow(USER);
      fake.duplicateNextWebhooks(1);
      await send(fake, textTo(USER));
      await fake.flushWebhooks();
      const [sent, copy, delivered] = receiver.posts();
      expect(receiver.posts()).toHaveLength(3);
      expect(copy.raw.equals(sent.raw)).toBe(true);
      expect(copy.headers['x-hub-signature-256']).toBe(sent.headers['x-hub-signature-256']);
      expect(statusesIn([JSON.parse(delivered.raw.toString())]).map((s) => s.status)).toEqual(['delivered']);
      expect(fake.webhookDeliveries().filter((d) => d.duplicate)).toHaveLength(1);
    });

    it('duplicates every POST with duplicateRate 1', async () => {
      await start({ webhooks: { duplicateRate: 1 } });
      fake.openWindow(USER);
      await send(fake, textTo(USER));
      await fake.flushWebhooks();
      expect(
        statusesIn(receiver.json<Envelope>())
          .map((s) => s.status)
          .sort(),
      ).toEqual(['delivered', 'delivered', 'sent', 'sent']);
    });

    it("delivers out of order with order 'reverse', e.g. read before delivered", async () => {
      await start({ autoStatuses: ['sent'] });
      fake.openWindow(USER);
      const res = await send(fake, textTo(USER));
      await fake.flushWebhooks();
      fake.configureWebhooks({ order: 'reverse' });
      fake.pauseWebhooks();
      fake.markDelivered(wamidOf(res));
      fake.markReadByUser(wamidOf(res));
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(1);
      fake.resumeWebhooks();
      await fake.flushWebhooks();
      expect(statusesIn(receiver.json<Envelope>()).map((s) => s.status)).toEqual([
        'sent',
        'read',
        'delivered',
      ]);
      expect(fake.message(wamidOf(res))?.status).toBe('read');
    });

    it('retries with backoff on non-200 answers until one succeeds', async () => {
      await start({ webhooks: { retryBaseDelayMs: 5, maxAttempts: 5 } });
      let calls = 0;
      receiver.respond = () => ({ status: ++calls <= 2 ? 500 : 200 });
      fake.userSends({ from: USER, text: 'hi' });
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(3);
      const [delivery] = fake.webhookDeliveries();
      expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
      expect(delivery.outcome).toBe('delivered');
      expect(new Set(receiver.posts().map((p) => p.raw.toString())).size).toBe(1);
    });

    it('gives up after maxAttempts (a 204 is not a 200 for Meta) and the next event still goes out', async () => {
      await start({ webhooks: { retryBaseDelayMs: 1, maxAttempts: 3 } });
      receiver.respond = () => ({ status: 204 });
      fake.userSends({ from: USER, text: 'first' });
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(3);
      expect(fake.webhookDeliveries()[0].outcome).toBe('dropped');
      receiver.respond = () => ({ status: 200 });
      fake.userSends({ from: USER, text: 'second' });
      await fake.flushWebhooks();
      expect(receiver.posts()).toHaveLength(4);
      expect(fake.webhookDeliveries()[1].outcome).toBe('delivered');
    });

    it('counts events instead of posting when no webhook URL is configured', async () => {
      await start({ webhookUrl: undefined });
      fake.openWindow(USER);
      await send(fake, textTo(USER));
      await fake.flushWebhooks();
      expect(fake.webhookEventsWithoutUrl).toBe(2);
      expect(receiver.posts()).toHaveLength(0);
    });

    it('refuses webhook URLs that are not loopback', async () => {
      await start();
      expect(() => fake.setWebhookUrl('http://example.com/webhook')).toThrow(/loopback/);
      expect(() => fake.setWebhookUrl('https://127.0.0.1/webhook')).toThrow(/http/);
    });
  });

  describe('inbound messages', () => {
    it('posts a signed messages webhook with contacts and the text message', async () => {
      await start();
      const { wamid, timestamp } = fake.userSends({ from: USER, name: 'Ana', text: 'I want a table' });
      await fake.flushWebhooks();
      const [request] = receiver.posts();
      expect(hasValidMetaSignature(request)).toBe(true);
      const [envelope] = receiver.json<Envelope>();
      expect(envelope.entry[0].id).toBe(WABA);
      expect(envelope.entry[0].changes[0].value).toEqual({
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550001111', phone_number_id: PNID },
        contacts: [{ profile: { name: 'Ana' }, wa_id: USER_ID }],
        messages: [{ from: USER_ID, id: wamid, timestamp, type: 'text', text: { body: 'I want a table' } }],
      });
      expect(timestamp).toBe(String(Math.floor(clock.now() / 1000)));
    });

    it('builds button, list, quick-reply, location and media messages, with context and referral', async () => {
      await start();
      fake.openWindow(USER);
      const out = await send(fake, textTo(USER));
      const referral = {
        source_url: 'https://fb.me/ad',
        source_id: '1203',
        source_type: 'ad',
        ctwa_clid: 'ARA-1',
      };
      fake.userSends({ from: USER, button: { id: 'bk_yes_991', title: 'Confirm' }, replyTo: wamidOf(out) });
      fake.userSends({ from: USER, list: { id: 'slot_t_am', title: '08-12', description: 'Morning' } });
      fake.userSends({ from: USER, quickReply: { payload: 'STOP', text: 'Stop updates' } });
      fake.userSends({ from: USER, location: { latitude: 52.52, longitude: 13.4 } });
      fake.userSends({ from: USER, text: 'from the ad', referral });
      const image = fake.userSends({
        from: USER,
        media: { type: 'image', mimeType: 'image/jpeg', bytes: Buffer.from([1, 2, 3]), caption: 'menu' },
      });
      await fake.flushWebhooks();
      const messages = messagesIn(receiver.json<Envelope>());
      expect(messages[0]).toMatchObject({
        type: 'interactive',
        context: { from: '15550001111', id: wamidOf(out) },
        interactive: { type: 'button_reply', button_reply: { id: 'bk_yes_991', title: 'Confirm' } },
      });
      expect(messages[1]).toMatchObject({
        interactive: {
          type: 'list_reply',
          list_reply: { id: 'slot_t_am', title: '08-12', description: 'Morning' },
        },
      });
      expect(messages[2]).toMatchObject({
        type: 'button',
        button: { payload: 'STOP', text: 'Stop updates' },
      });
      expect(messages[3]).toMatchObject({ type: 'location', location: { latitude: 52.52, longitude: 13.4 } });
      expect(messages[4]).toMatchObject({ type: 'text', referral });
      const imagePayload = messages[5].image as {
        id: string;
        mime_type: string;
        sha256: string;
        caption: string;
      };
      expect(messages[5].id).toBe(image.wamid);
      expect(imagePayload).toMatchObject({ mime_type: 'image/jpeg', caption: 'menu' });
      expect(fake.media(imagePayload.id)?.bytes).toEqual(Buffer.from([1, 2, 3]));
      expect(imagePayload.sha256).toBe(fake.media(imagePayload.id)?.sha256);
    });

    it('rejects a user message with no content or two kinds of content', async () => {
      await start();
      expect(() => fake.userSends({ from: USER })).toThrow(/exactly one/);
      expect(() => fake.userSends({ from: USER, text: 'a', list: { id: 'x', title: 'y' } })).toThrow(
        /exactly one/,
      );
      expect(() => fake.userSends({ from: USER, text: 'a', timestamp: Date.now() })).toThrow(/Unix seconds/);
    });

    it('signs the exact bytes, including escaped non-ASCII when escapeNonAscii is on', async () => {
      await start({ webhooks: { escapeNonAscii: true } });
      fake.userSends({ from: USER, name: 'Zoë', text: 'Olá 👋' });
      await fake.flushWebhooks();
      const [request] = receiver.posts();
      expect(request.raw.toString('utf8')).toContain('Ol\\u00e1 \\ud83d\\udc4b');
      expect(hasValidMetaSignature(request)).toBe(true);
      expect(messagesIn(receiver.json<Envelope>())[0].text).toEqual({ body: 'Olá 👋' });
    });
  });

  describe('verification handshake', () => {
    it('reports whether the endpoint echoed hub.challenge for the verify token', async () => {
      await start();
      receiver.respond = (request) => {
        const query = new URL(request.path, 'http://x').searchParams;
        const ok =
          query.get('hub.mode') === 'subscribe' && query.get('hub.verify_token') === 'my-verify-token';
        return ok ? { status: 200, body: query.get('hub.challenge') ?? '' } : { status: 403, body: 'nope' };
      };
      expect(await fake.verifyWebhook(receiver.url('/webhook'), 'my-verify-token')).toBe(true);
      expect(await fake.verifyWebhook(receiver.url('/webhook'), 'wrong-token')).toBe(false);
      receiver.respond = () => ({ status: 200, body: 'ok' });
      expect(await fake.verifyWebhook(receiver.url('/webhook'), 'my-verify-token')).toBe(false);
    });
  });

  describe('connections', () => {
    async function threeWebhooksOneByOne(): Promise<void> {
      for (const text of ['one', 'two', 'three']) {
        fake.userSends({ from: USER, text });
        await fake.flushWebhooks();
      }
    }

    it('opens a connection per POST by default and closes it after the answer', async () => {
      await start();
      await threeWebhooksOneByOne();
      expect(receiver.posts()).toHaveLength(3);
      expect(receiver.connections).toBe(3);
      for (const request of receiver.posts()) expect(request.headers.connection).toBe('close');
    });

    it('with keepAlive, POSTs one after the other share one connection, bodies signed as before', async () => {
      await start({ webhooks: { keepAlive: true } });
      await threeWebhooksOneByOne();
      expect(receiver.posts()).toHaveLength(3);
      expect(receiver.connections).toBe(1);
      for (const request of receiver.posts()) {
        expect(request.headers.connection).toBe('keep-alive');
        expect(hasValidMetaSignature(request)).toBe(true);
      }
      expect(messagesIn(receiver.json<Envelope>()).map((message) => message.text)).toEqual([
        { body: 'one' },
        { body: 'two' },
        { body: 'three' },
      ]);
    });
  });

  describe('stop()', () => {
    it('ends a POST still waiting for its answer (its connection is closed)', async () => {
      await start();
      receiver.hang = true;
      fake.userSends({ from: USER, text: 'hi' });
      const flushed = fake.flushWebhooks(30_000);
      const deadline = Date.now() + 15_000;
      while (receiver.posts().length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(receiver.openConnections).toBe(1);
      await fake.stop();
      await expect(flushed).resolves.toBeUndefined();
      while (receiver.openConnections > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(receiver.openConnections).toBe(0);
      expect(fake.webhookDeliveries()[0].outcome).toBe('pending');
    });

    it('cancels pending retries so flushWebhooks() and the test process finish', async () => {
      await start({ webhooks: { retryBaseDelayMs: 60_000, maxAttempts: 5 } });
      receiver.respond = () => ({ status: 500 });
      fake.userSends({ from: USER, text: 'hi' });
      const flushed = fake.flushWebhooks(30_000);
      // The first attempt has failed; its retry is due in a minute when the fake stops.
      const deadline = Date.now() + 15_000;
      while (receiver.posts().length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await fake.stop();
      await expect(flushed).resolves.toBeUndefined();
      expect(receiver.posts()).toHaveLength(1);
    });
  });
});
