import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { INBOUND_LIMITS, MAX_WEBHOOK_DEPTH } from '@leadline/whatsapp';
import { createApiApp } from '../src/api-app.factory';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';
import {
  metaEnvelope,
  metaSignatureHeader,
  metaTemplateChange,
  metaTextChange,
  seedWebhookWorkspace,
  twilioForm,
  type WebhookWorkspace,
} from './support/webhook-seed';

const PUBLIC_URL = 'https://leadline.test';
const DEPLOYMENT_SECRET = 'the-deployments-own-meta-app-secret';
/** seedWebhookWorkspace(…, 3)'s Twilio number (the table of cases is built before the seed runs). */
const OUR_TWILIO_NUMBER = '+15550000003';

/**
 * Issue 16 item 11 (webhooks) and issue 20 item 6: whatever arrives, a webhook answers 4xx with a
 * code, never 500; the signature is checked before the shape; what is stored is bounded.
 */
describe('webhooks: bad input gets a 4xx, never a 500', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  const logs = new LogCapture();
  let ws: WebhookWorkspace;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    const config = testConfig({
      DATABASE_URL: db.url,
      PUBLIC_URL,
      LOG_LEVEL: 'info',
      META_APP_SECRET: DEPLOYMENT_SECRET,
    });
    ws = await seedWebhookWorkspace(prisma, config.security.encryptionKey, 3);
    expect(ws.twilio.number).toBe(OUR_TWILIO_NUMBER);
    app = await createApiApp(config, { logDestination: logs });
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const postMeta = (body: string, secret: string | null) => {
    const req = request(app.getHttpServer()).post('/webhooks/meta').set('Content-Type', 'application/json');
    if (secret) req.set('X-Hub-Signature-256', metaSignatureHeader(body, secret));
    return req.send(body);
  };

  const postTwilio = (params: Record<string, string | string[]>, authToken = ws.twilio.authToken) => {
    const form = twilioForm(`${PUBLIC_URL}/webhooks/twilio`, params, authToken);
    return request(app.getHttpServer())
      .post('/webhooks/twilio')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', form.signature)
      .send(form.body);
  };

  const inboundRows = () =>
    prisma.message.findMany({
      where: { tenantId: ws.tenantId, direction: 'in' },
      select: { providerMessageId: true, body: true },
    });

  // A 500 is always logged at error level: none of these requests may produce one.
  let linesBefore = 0;
  beforeEach(() => {
    linesBefore = logs.lines.length;
  });
  afterEach(() => {
    expect(logs.lines.slice(linesBefore).filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  it('times every acknowledgement by provider and outcome (leadline_webhook_ack_seconds), with no ids', async () => {
    const scrape = async () => (await request(app.getHttpServer()).get('/metrics')).text;
    const count = (text: string, outcome: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('leadline_webhook_ack_seconds_count{'))
        .filter((line) => line.includes('provider="meta"') && line.includes(`outcome="${outcome}"`))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    const before = await scrape();
    const bad = { object: 'whatsapp_business_account', entry: 'x' };
    expect((await postMeta(JSON.stringify(bad), null)).status).toBe(401);
    expect((await postMeta(JSON.stringify(bad), DEPLOYMENT_SECRET)).status).toBe(400);
    const empty = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    expect((await postMeta(empty, DEPLOYMENT_SECRET)).status).toBe(200);
    const after = await scrape();
    expect(count(after, 'rejected') - count(before, 'rejected')).toBe(2);
    expect(count(after, 'ok') - count(before, 'ok')).toBe(1);
    expect(after).not.toContain(ws.tenantId);
  });

  describe('Meta', () => {
    const shapes: Array<[string, unknown]> = [
      ['changes is a number', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: 5 }] }],
      ['changes is an object', { object: 'whatsapp_business_account', entry: [{ changes: { a: 1 } }] }],
      ['an entry is null', { object: 'whatsapp_business_account', entry: [null] }],
      ['entry is a string', { object: 'whatsapp_business_account', entry: 'x' }],
      [
        'metadata is a string',
        { object: 'whatsapp_business_account', entry: [{ changes: [{ value: { metadata: 'x' } }] }] },
      ],
      ['the body is an array', [1, 2, 3]],
    ];

    it.each(shapes)('unsigned, %s: 401 INVALID_SIGNATURE before any shape check', async (_case, body) => {
      const res = await postMeta(JSON.stringify(body), null);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_SIGNATURE');
    });

    it.each(shapes)(
      'signed with a channel secret, %s: still 401 (the body names no channel)',
      async (_case, body) => {
        const res = await postMeta(JSON.stringify(body), ws.meta.appSecret);
        expect(res.status).toBe(401);
      },
    );

    it.each(shapes.filter(([name]) => !name.startsWith('the body')))(
      'signed, %s: 400 MALFORMED_WEBHOOK naming the path',
      async (_case, body) => {
        const res = await postMeta(JSON.stringify(body), DEPLOYMENT_SECRET);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('MALFORMED_WEBHOOK');
        expect(res.body.error.message).toMatch(/^entry/);
      },
    );

    it('signed, a non-iterable changes next to a good entry: the good entry is kept', async () => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [
          { id: ws.meta.wabaId, changes: 7 },
          {
            id: ws.meta.wabaId,
            changes: [metaTextChange(ws.meta.phoneNumberId, '447700900301', 'wamid.KEEP-1', 'ok')],
          },
        ],
      });
      const res = await postMeta(body, ws.meta.appSecret);
      expect(res.status).toBe(200);
      expect((await inboundRows()).map((row) => row.providerMessageId)).toContain('wamid.KEEP-1');
    });

    it.each([
      [
        'the message id',
        (c: ReturnType<typeof metaTextChange>) => (c.value.messages[0].id = 'wamid.\u0000NUL'),
      ],
      ['the sender', (c: ReturnType<typeof metaTextChange>) => (c.value.messages[0].from = '4477\u0000009')],
      [
        'the phone number id',
        (c: ReturnType<typeof metaTextChange>) =>
          (c.value.metadata.phone_number_id = `${ws.meta.phoneNumberId}\u0000`),
      ],
    ])('a NUL in %s: 400 MALFORMED_WEBHOOK, nothing stored', async (_case, poison) => {
      const before = (await inboundRows()).length;
      const change = metaTextChange(ws.meta.phoneNumberId, '447700900302', 'wamid.NUL-ID-1', 'hi');
      poison(change);
      const res = await postMeta(
        metaEnvelope([{ id: ws.meta.wabaId, changes: [change] }]),
        DEPLOYMENT_SECRET,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MALFORMED_WEBHOOK');
      expect(res.body.error.message).toMatch(/NUL/);
      expect(await inboundRows()).toHaveLength(before);
    });

    it('a NUL in a template name: 400, and no template changes', async () => {
      const body = metaEnvelope([
        { id: ws.meta.wabaId, changes: [metaTemplateChange('REJECTED', 'order_\u0000update')] },
      ]);
      const res = await postMeta(body, DEPLOYMENT_SECRET);
      expect(res.status).toBe(400);
      expect(
        await prisma.template.findMany({ where: { tenantId: ws.tenantId }, select: { status: true } }),
      ).toEqual([{ status: 'approved' }]);
    });

    it('NULs in the text and the profile name are removed; the message is stored', async () => {
      const change = metaTextChange(ws.meta.phoneNumberId, '447700900303', 'wamid.NUL-TEXT-1', 'he\u0000llo');
      change.value.contacts[0].profile.name = 'Ma\u0000ria';
      const res = await postMeta(
        metaEnvelope([{ id: ws.meta.wabaId, changes: [change] }]),
        DEPLOYMENT_SECRET,
      );
      expect(res.status).toBe(200);
      const row = (await inboundRows()).find((m) => m.providerMessageId === 'wamid.NUL-TEXT-1');
      expect(row?.body).toMatchObject({ text: 'hello' });
      expect(await prisma.contact.findFirst({ where: { phone: '+447700900303' } })).toMatchObject({
        name: 'Maria',
      });
    });

    it(`text is cut at ${INBOUND_LIMITS.text} characters and a profile name at ${INBOUND_LIMITS.profileName}`, async () => {
      const change = metaTextChange(
        ws.meta.phoneNumberId,
        '447700900304',
        'wamid.LONG-1',
        `${'a'.repeat(5000)}🙂`,
      );
      change.value.contacts[0].profile.name = 'N'.repeat(1000);
      const res = await postMeta(
        metaEnvelope([{ id: ws.meta.wabaId, changes: [change] }]),
        DEPLOYMENT_SECRET,
      );
      expect(res.status).toBe(200);
      const row = (await inboundRows()).find((m) => m.providerMessageId === 'wamid.LONG-1');
      expect((row?.body as { text: string }).text).toBe('a'.repeat(INBOUND_LIMITS.text));
      const contact = await prisma.contact.findFirst({ where: { phone: '+447700900304' } });
      expect(contact?.name).toBe('N'.repeat(INBOUND_LIMITS.profileName));
    });

    it(`JSON nested deeper than ${MAX_WEBHOOK_DEPTH} levels: 401 unsigned, 400 signed, nothing stored`, async () => {
      const change = metaTextChange(ws.meta.phoneNumberId, '447700900305', 'wamid.DEEP-1', 'hi');
      const depth = 100_000;
      const body = metaEnvelope([{ id: ws.meta.wabaId, changes: [change] }]).replace(
        '"type":"text"',
        `"referral":{"x":${'['.repeat(depth)}${']'.repeat(depth)}},"type":"text"`,
      );
      expect((await postMeta(body, null)).status).toBe(401);
      const signed = await postMeta(body, DEPLOYMENT_SECRET);
      expect(signed.status).toBe(400);
      expect(signed.body.error).toMatchObject({
        code: 'MALFORMED_WEBHOOK',
        message: expect.stringMatching(/deeper/),
      });
      expect((await inboundRows()).map((row) => row.providerMessageId)).not.toContain('wamid.DEEP-1');
    });
  });

  describe('Twilio', () => {
    const form = (overrides: Record<string, string | string[]>) => ({
      MessageSid: `SM${'3'.repeat(31)}a`,
      AccountSid: ws.twilio.accountSid,
      From: 'whatsapp:+447700900310',
      To: `whatsapp:${ws.twilio.number}`,
      Body: 'hi',
      NumMedia: '0',
      ...overrides,
    });

    it.each([
      ['From on an inbound message', { From: ['whatsapp:+447700900311', 'whatsapp:+447700900312'] }],
      ['MessageStatus on an inbound message', { MessageStatus: ['received', 'delivered'] }],
      [
        'From on a status callback',
        {
          MessageStatus: 'delivered',
          From: [`whatsapp:${OUR_TWILIO_NUMBER}`, `whatsapp:${OUR_TWILIO_NUMBER}`],
          To: 'whatsapp:+447700900313',
        },
      ],
      ['MessageSid', { MessageSid: [`SM${'3'.repeat(31)}b`, `SM${'3'.repeat(31)}c`] }],
      ['Body', { Body: ['one', 'two'] }],
    ])(
      'a repeated %s with a valid signature: 400 MALFORMED_WEBHOOK, nothing stored',
      async (_case, overrides) => {
        const before = (await inboundRows()).length;
        const res = await postTwilio(form(overrides));
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('MALFORMED_WEBHOOK');
        expect(res.body.error.message).toMatch(/more than once/);
        expect(await inboundRows()).toHaveLength(before);
      },
    );

    it('a NUL in the MessageSid: 400, nothing stored', async () => {
      const before = (await inboundRows()).length;
      const res = await postTwilio(form({ MessageSid: `SM${'3'.repeat(30)}\u0000d` }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('MALFORMED_WEBHOOK');
      expect(await inboundRows()).toHaveLength(before);
    });

    it('NULs in Body and ProfileName are removed; long ones are cut', async () => {
      const sid = `SM${'3'.repeat(31)}e`;
      const res = await postTwilio(
        form({
          MessageSid: sid,
          From: 'whatsapp:+447700900314',
          Body: `he\u0000llo${'x'.repeat(5000)}`,
          ProfileName: `Jo\u0000${'e'.repeat(300)}`,
        }),
      );
      expect(res.status).toBe(200);
      const row = (await inboundRows()).find((m) => m.providerMessageId === sid);
      expect((row?.body as { text: string }).text).toBe(`hello${'x'.repeat(INBOUND_LIMITS.text - 5)}`);
      const contact = await prisma.contact.findFirst({ where: { phone: '+447700900314' } });
      expect(contact?.name).toBe(`Jo${'e'.repeat(INBOUND_LIMITS.profileName - 2)}`);
    });

    it('an unsigned form with repeated routing fields is 401, not 500', async () => {
      const res = await request(app.getHttpServer())
        .post('/webhooks/twilio')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('To=a&To=b&From=c&From=d&MessageStatus=x&MessageStatus=y');
      expect(res.status).toBe(401);
    });

    it('a body over 3 MB is 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await request(app.getHttpServer())
        .post('/webhooks/twilio')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`Body=${'x'.repeat(3_200_000)}`);
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});
