import { ManualClock, HOUR_MS } from '../clock';
import { FakeMetaGraph } from '../fake-meta-graph';
import { WebhookReceiver } from './webhook-receiver';
import {
  APP_SECRET,
  graphError,
  OTHER_PNID,
  OTHER_TOKEN,
  PHONE_NUMBERS,
  PNID,
  send,
  statusesIn,
  textTo,
  USER,
  USER_ID,
  wamidOf,
  type Envelope,
} from './meta-helpers';

const ORDER_TEMPLATE = {
  name: 'order_shipped',
  language: 'en_US',
  category: 'UTILITY',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, order {{2}} has shipped.' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://t.example.test/{{1}}' },
        { type: 'QUICK_REPLY', text: 'Stop updates' },
      ],
    },
  ],
};

function orderTemplateSend(to: string, bodyParams = ['Ana', '#7781']) {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: {
      name: 'order_shipped',
      language: { code: 'en_US' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: '#7781' }] },
        { type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text })) },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '7781' }] },
      ],
    },
  };
}

describe('FakeMetaGraph: POST /messages', () => {
  let clock: ManualClock;
  let fake: FakeMetaGraph;
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    clock = new ManualClock();
    receiver = await new WebhookReceiver().start();
    fake = new FakeMetaGraph({
      phoneNumbers: PHONE_NUMBERS,
      appSecret: APP_SECRET,
      webhookUrl: receiver.url(),
      now: clock.now,
      templates: [ORDER_TEMPLATE],
    });
    await fake.start();
  });

  afterEach(async () => {
    await fake.stop();
    await receiver.stop();
  });

  describe('authentication', () => {
    it('answers 401 with Graph code 190 when the token is missing, unknown, or belongs to another number', async () => {
      fake.openWindow(USER);
      const missing = await send(fake, textTo(USER), { token: null });
      const unknown = await send(fake, textTo(USER), { token: 'not-a-token' });
      const otherNumbers = await send(fake, textTo(USER), { token: OTHER_TOKEN });
      for (const res of [missing, unknown, otherNumbers]) {
        expect(res.status).toBe(401);
        expect(graphError(res)).toMatchObject({ code: 190, type: 'OAuthException' });
      }
      expect(fake.sent()).toHaveLength(0);
      expect(fake.rejections()).toEqual({ 190: 3 });
    });

    it('accepts the token configured for that phone number id, with or without the version segment', async () => {
      fake.openWindow(USER);
      fake.openWindow('+4915100000002');
      const withVersion = await send(fake, textTo(USER), { pnid: PNID });
      const res = await fetch(`${fake.url}/${OTHER_PNID}/messages`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${OTHER_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(textTo('+4915100000002')),
      });
      expect(withVersion.status).toBe(200);
      expect(res.status).toBe(200);
      expect(fake.sent().map((m) => m.phoneNumberId)).toEqual([PNID, OTHER_PNID]);
    });

    it('rejects an unknown phone number id with code 100', async () => {
      const res = await send(fake, textTo(USER), { pnid: '999' });
      expect(res.status).toBe(400);
      expect(graphError(res).code).toBe(100);
    });
  });

  describe('success shape', () => {
    it('returns contacts[{input, wa_id}] and a unique wamid, and records the message', async () => {
      fake.openWindow(USER);
      const first = await send(fake, textTo('+49 151 1234-5678'));
      const second = await send(fake, textTo(USER));
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        messaging_product: 'whatsapp',
        contacts: [{ input: '+49 151 1234-5678', wa_id: USER_ID }],
        messages: [{ id: expect.stringMatching(/^wamid\./) }],
      });
      expect(wamidOf(first)).not.toBe(wamidOf(second));
      const [record] = fake.received(USER);
      expect(record).toMatchObject({
        wamid: wamidOf(first),
        phoneNumberId: PNID,
        waId: USER_ID,
        type: 'text',
        at: clock.now(),
        body: { text: { body: 'Your table is ready.' } },
      });
      expect(fake.received('+4915199999999')).toEqual([]);
    });

    it('answers a read receipt (with or without typing indicator) with {success: true}', async () => {
      const plain = await send(fake, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.IN1',
      });
      const typing = await send(fake, {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: 'wamid.IN2',
        typing_indicator: { type: 'text' },
      });
      expect(plain).toEqual({ status: 200, body: { success: true } });
      expect(typing).toEqual({ status: 200, body: { success: true } });
      expect(fake.readReceipts().map((r) => [r.messageId, r.typingIndicator])).toEqual([
        ['wamid.IN1', false],
        ['wamid.IN2', true],
      ]);
      expect(fake.sent()).toHaveLength(0);
    });
  });

  describe('body validation', () => {
    const buttons = (n: number, title = (i: number) => `Option ${i}`) => ({
      messaging_product: 'whatsapp',
      to: USER,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick one' },
        action: {
          buttons: Array.from({ length: n }, (_, i) => ({
            type: 'reply',
            reply: { id: `b${i}`, title: title(i) },
          })),
        },
      },
    });

    const list = (sections: Array<Array<{ title?: string; description?: string }>>, button = 'Slots') => ({
      messaging_product: 'whatsapp',
      to: USER,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a delivery slot' },
        action: {
          button,
          sections: sections.map((rows, s) => ({
            title: `Day ${s}`,
            rows: rows.map((row, r) => ({
              id: `s${s}r${r}`,
              title: row.title ?? `Row ${r}`,
              description: row.description,
            })),
          })),
        },
      },
    });
    const rows = (n: number) => Array.from({ length: n }, () => ({}));

    it.each([
      ['11 list rows across sections', list([rows(6), rows(5)]), 'at most 10 in total'],
      ['11 list sections', list(Array.from({ length: 11 }, () => rows(1))), '1 to 10 sections'],
      ['list row title over 24', list([[{ title: 'x'.repeat(25) }]]), 'rows[0].title must be at most 24'],
      [
        'list row description over 72',
        list([[{ description: 'd'.repeat(73) }]]),
        'description must be at most 72',
      ],
      ['list button over 20', list([rows(1)], 'b'.repeat(21)), 'action.button must be at most 20'],
      [
        'button body over 1024',
        { ...buttons(1), interactive: { ...buttons(1).interactive, body: { text: 'b'.repeat(1025) } } },
        'body.text must be at most 1024',
      ],
    ])('rejects %s with 400 / code 100', async (_name, body, detail) => {
      fake.openWindow(USER);
      const res = await send(fake, body);
      expect(res.status).toBe(400);
      expect(graphError(res).code).toBe(100);
      expect(graphError(res).error_data?.details).toContain(detail);
    });

    it('accepts a list of 10 rows over several sections and a 256-character reply id', async () => {
      fake.openWindow(USER);
      const longId = buttons(1);
      (longId.interactive.action.buttons[0].reply as { id: string }).id = 'i'.repeat(256);
      expect((await send(fake, list([rows(4), rows(6)]))).status).toBe(200);
      expect((await send(fake, longId)).status).toBe(200);
      (longId.interactive.action.buttons[0].reply as { id: string }).id = 'i'.repeat(257);
      expect(graphError(await send(fake, longId)).error_data?.details).toContain(
        'reply.id must be at most 256',
      );
    });

    it.each([
      ['missing messaging_product', { to: USER, type: 'text', text: { body: 'x' } }, 'messaging_product'],
      ['to without +', { ...textTo('4915112345678') }, 'to must start with +'],
      ['text over 4096', textTo(USER, 'a'.repeat(4097)), 'text.body must be at most 4096'],
      ['no buttons', buttons(0), '1 to 3 buttons'],
      ['four buttons', buttons(4), '1 to 3 buttons'],
      ['duplicate button titles', buttons(2, () => 'Same'), 'is not unique'],
      ['button title over 20', buttons(1, () => 'x'.repeat(21)), 'reply.title must be at most 20'],
      [
        'image caption over 1024',
        {
          messaging_product: 'whatsapp',
          to: USER,
          type: 'image',
          image: { link: 'https://x.test/a.png', caption: 'c'.repeat(1025) },
        },
        'image.caption must be at most 1024',
      ],
      [
        'type without its object',
        { messaging_product: 'whatsapp', to: USER, type: 'image' },
        'image is required',
      ],
    ])('rejects %s with 400 / code 100 and names the problem', async (_name, body, detail) => {
      fake.openWindow(USER);
      const res = await send(fake, body);
      expect(res.status).toBe(400);
      expect(graphError(res).code).toBe(100);
      expect(graphError(res).error_data?.details).toContain(detail);
      expect(fake.sent()).toHaveLength(0);
    });

    it('accepts limits exactly at the boundary (4096 text, 3 buttons with 20-char titles)', async () => {
      fake.openWindow(USER);
      expect((await send(fake, textTo(USER, 'a'.repeat(4096)))).status).toBe(200);
      expect(
        (
          await send(
            fake,
            buttons(3, (i) => `${i}`.padEnd(20, 'x')),
          )
        ).status,
      ).toBe(200);
    });

    it('rejects a body that is not JSON', async () => {
      const res = await fetch(`${fake.url}/v25.0/${PNID}/messages`, {
        method: 'POST',
        headers: { Authorization: 'Bearer EAAG-test-token', 'Content-Type': 'application/json' },
        body: '{not json',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
    });
  });

  describe('templates', () => {
    it('sends an approved template with matching parameters, even outside the 24 h window', async () => {
      const res = await send(fake, orderTemplateSend(USER));
      expect(res.status).toBe(200);
      expect(res.body.messages).toEqual([
        { id: expect.stringMatching(/^wamid\./), message_status: 'accepted' },
      ]);
      await fake.flushWebhooks();
      expect(statusesIn(receiver.json<Envelope>()).map((s) => s.status)).toEqual(['sent', 'delivered']);
    });

    it('answers 132001 for an unknown template, an unknown language and a template that is not approved', async () => {
      fake.addTemplate({
        wabaId: '102290129340398',
        name: 'pending_one',
        language: 'en_US',
        category: 'MARKETING',
        components: [{ type: 'BODY', text: 'Hi' }],
      });
      const unknown = await send(fake, {
        ...orderTemplateSend(USER),
        template: { name: 'nope', language: { code: 'en_US' } },
      });
      const wrongLanguage = await send(fake, {
        ...orderTemplateSend(USER),
        template: { ...orderTemplateSend(USER).template, language: { code: 'de' } },
      });
      const pending = await send(fake, {
        ...orderTemplateSend(USER),
        template: { name: 'pending_one', language: { code: 'en_US' } },
      });
      for (const res of [unknown, wrongLanguage, pending]) {
        expect(res.status).toBe(400);
        expect(graphError(res).code).toBe(132001);
      }
      expect(graphError(pending).error_data?.details).toContain('PENDING');
    });

    it('answers 132000 when the parameter count does not match the placeholders', async () => {
      const tooFew = await send(fake, orderTemplateSend(USER, ['Ana']));
      const tooMany = await send(fake, orderTemplateSend(USER, ['Ana', '#7781', 'extra']));
      for (const res of [tooFew, tooMany]) {
        expect(res.status).toBe(400);
        expect(graphError(res).code).toBe(132000);
        expect(graphError(res).error_data?.details).toContain('body expects 2');
      }
      expect(fake.sent()).toHaveLength(0);
    });
  });

  describe('24-hour customer service window', () => {
    it('accepts a free-form send to a user who never wrote, then reports failed with 131047', async () => {
      const res = await send(fake, textTo(USER));
      expect(res.status).toBe(200);
      await fake.flushWebhooks();
      const statuses = statusesIn(receiver.json<Envelope>());
      expect(statuses).toEqual([
        expect.objectContaining({
          id: wamidOf(res),
          status: 'failed',
          recipient_id: USER_ID,
          errors: [expect.objectContaining({ code: 131047, title: 'Re-engagement message' })],
        }),
      ]);
      expect(fake.message(wamidOf(res))).toMatchObject({
        status: 'failed',
        errorCode: 131047,
        insideWindow: false,
      });
    });

    it('delivers free-form within 24 h of the last inbound message and fails it once 24 h have passed', async () => {
      fake.userSends({ from: USER, text: 'hi' });
      clock.advance(24 * HOUR_MS - 1000);
      const inside = await send(fake, textTo(USER));
      clock.advance(1000);
      const outside = await send(fake, textTo(USER));
      await fake.flushWebhooks();
      const statuses = statusesIn(receiver.json<Envelope>());
      expect(statuses.filter((s) => s.id === wamidOf(inside)).map((s) => s.status)).toEqual([
        'sent',
        'delivered',
      ]);
      expect(statuses.filter((s) => s.id === wamidOf(outside)).map((s) => s.status)).toEqual(['failed']);
    });

    it('uses the inbound message timestamp, so a webhook delivered 25 h late does not open the window', async () => {
      const late = Math.floor((clock.now() - 25 * HOUR_MS) / 1000);
      fake.userSends({ from: USER, text: 'sent yesterday', timestamp: late });
      const res = await send(fake, textTo(USER));
      await fake.flushWebhooks();
      expect(fake.lastInboundAt(USER)).toBe(late * 1000);
      expect(fake.message(wamidOf(res))?.status).toBe('failed');
    });

    it("answers 400 with 131047 synchronously in windowMode 'sync'", async () => {
      const strict = new FakeMetaGraph({ phoneNumbers: PHONE_NUMBERS, now: clock.now, windowMode: 'sync' });
      await strict.start();
      try {
        const res = await send(strict, textTo(USER));
        expect(res.status).toBe(400);
        expect(graphError(res).code).toBe(131047);
        expect(strict.sent()).toHaveLength(0);
      } finally {
        await strict.stop();
      }
    });
  });

  describe('rate limits', () => {
    it('allows a burst of 45 to one user, then answers 131056 until a token refills after 6 s', async () => {
      fake.openWindow(USER);
      fake.openWindow('+4915100000001');
      const results = [];
      for (let i = 0; i < 46; i++) results.push((await send(fake, textTo(USER))).status);
      expect(results.slice(0, 45).every((s) => s === 200)).toBe(true);
      const limited = await send(fake, textTo(USER));
      expect(limited.status).toBe(400);
      expect(graphError(limited).code).toBe(131056);
      expect((await send(fake, textTo('+4915100000001'))).status).toBe(200);
      clock.advance(5_999);
      expect((await send(fake, textTo(USER))).status).toBe(400);
      clock.advance(1);
      expect((await send(fake, textTo(USER))).status).toBe(200);
      expect((await send(fake, textTo(USER))).status).toBe(400);
      expect(fake.rejections()[131056]).toBe(4);
    });

    it('can answer the pair limit with 429 instead of 400', async () => {
      fake.configureLimits({ pairLimit: { burst: 1, intervalMs: 6_000, httpStatus: 429 } });
      fake.openWindow(USER);
      expect((await send(fake, textTo(USER))).status).toBe(200);
      const res = await send(fake, textTo(USER));
      expect(res.status).toBe(429);
      expect(graphError(res).code).toBe(131056);
    });

    it('caps throughput per phone number with 429 / 130429, without charging other numbers', async () => {
      fake.configureLimits({ throughputMps: 5 });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const user = `+49151000000${10 + i}`;
        fake.openWindow(user);
        statuses.push((await send(fake, textTo(user))).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      fake.openWindow('+4915100000099');
      const other = await send(fake, textTo('+4915100000099'), { pnid: OTHER_PNID, token: OTHER_TOKEN });
      expect(other.status).toBe(200);
      clock.advance(200);
      fake.openWindow('+4915100000020');
      expect((await send(fake, textTo('+4915100000020'))).status).toBe(200);
      expect(fake.rejections()).toEqual({ 130429: 1 });
    });
  });

  describe('benchmark mode', () => {
    it('lets limits be switched off: no pair limit and no throughput cap', async () => {
      fake.configureLimits({ throughputMps: Infinity, pairLimit: false });
      fake.openWindow(USER);
      const statuses = new Set<number>();
      for (let i = 0; i < 120; i++) statuses.add((await send(fake, textTo(USER))).status);
      expect([...statuses]).toEqual([200]);
      expect(() => fake.configureLimits({ throughputMps: 0 })).toThrow(RangeError);
      expect(() => fake.configureLimits({ pairLimit: { burst: 0 } })).toThrow(RangeError);
    });
  });

  describe('fault injection', () => {
    it('failNext(n) fails exactly the next n requests with the given status and code', async () => {
      fake.openWindow(USER);
      fake.failNext(2, { httpStatus: 503, code: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push(await send(fake, textTo(USER)));
      expect(statuses.map((s) => s.status)).toEqual([503, 503, 200]);
      expect(graphError(statuses[0]).code).toBe(2);
      expect(fake.sent()).toHaveLength(1);
    });

    it('failFor(ms) keeps failing until the clock passes the storm, and can target one route', async () => {
      fake.openWindow(USER);
      fake.failFor(10_000, { httpStatus: 429, code: 4, route: 'messages' });
      expect((await send(fake, textTo(USER))).status).toBe(429);
      clock.advance(9_999);
      expect((await send(fake, textTo(USER))).status).toBe(429);
      const templates = await fetch(`${fake.url}/v25.0/102290129340398/message_templates`, {
        headers: { Authorization: 'Bearer EAAG-test-token' },
      });
      expect(templates.status).toBe(200);
      clock.advance(1);
      expect((await send(fake, textTo(USER))).status).toBe(200);
      expect(fake.rejections()).toEqual({ 4: 2 });
    });

    it('delayResponses(ms) slows every answer down', async () => {
      fake.openWindow(USER);
      fake.delayResponses(150);
      const started = performance.now();
      expect((await send(fake, textTo(USER))).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('can drop the connection to exercise network errors', async () => {
      fake.failNext(1, { httpStatus: 500, code: 131000, resetConnection: true });
      await expect(send(fake, textTo(USER))).rejects.toThrow();
      fake.openWindow(USER);
      expect((await send(fake, textTo(USER))).status).toBe(200);
    });
  });
});
