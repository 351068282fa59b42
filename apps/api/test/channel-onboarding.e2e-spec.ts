import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createSecretBoxFromBase64Keys } from '@leadline/secrets';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { FakeMetaGraph } from '../../../tools/fake-whatsapp';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';
import { seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

const APP = { id: '4455667788', secret: 'platform-app-secret' };
const WABA = '210000000000001';
const number = (n: number) => `11000000000000${n}`;

describe('Meta Embedded Signup: POST /api/channels/meta/embedded-signup against the fake Graph API', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;
  const graph = new FakeMetaGraph({
    appSecret: APP.secret,
    app: { id: APP.id, secret: APP.secret },
    phoneNumbers: [1, 2, 3, 4, 5].map((n) => ({
      id: number(n),
      displayPhoneNumber: `1555020000${n}`,
      wabaId: WABA,
      tokens: [`business-token-${n}`],
      verifiedName: `Sunrise Solar ${n}`,
      qualityRating: 'GREEN',
      messagingLimitTier: 'TIER_1K',
    })),
    templates: [
      {
        name: 'order_ready',
        language: 'en',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Ready' }],
      },
    ],
  });

  beforeAll(async () => {
    await graph.start();
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    app = await createApiApp(
      testConfig({
        DATABASE_URL: db.url,
        REDIS_URL: 'redis://127.0.0.1:6379/6',
        META_GRAPH_URL: graph.url,
        META_APP_ID: APP.id,
        META_APP_SECRET: APP.secret,
        META_EMBEDDED_SIGNUP_CONFIG_ID: '998877',
      }),
    );
  });

  afterAll(async () => {
    await graph.stop();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const signup = (body: object) =>
    request(app.getHttpServer())
      .post('/api/channels/meta/embedded-signup')
      .set('Authorization', `Bearer ${tokenFor(app, acme, 'admin')}`)
      .send(body);
  const channelsOf = (phoneNumberId: string) => prisma.channel.count({ where: { phoneNumberId } });

  it('tells the browser the app and configuration ids to open the dialog with', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/channels/meta/embedded-signup')
      .set('Authorization', `Bearer ${tokenFor(app, acme, 'viewer')}`)
      .expect(200);
    expect(res.body).toEqual({ enabled: true, appId: APP.id, configId: '998877', graphVersion: 'v25.0' });
  });

  it('exchanges the code, subscribes the app, registers the number, stores the channel sealed and syncs templates', async () => {
    graph.addSignupCode({ code: 'code-ok', accessToken: 'business-token-1' });
    const res = await signup({
      code: 'code-ok',
      wabaId: WABA,
      phoneNumberId: number(1),
      pin: '123456',
    }).expect(201);
    expect(res.body.channel).toMatchObject({
      provider: 'meta',
      phoneNumberId: number(1),
      wabaId: WABA,
      displayPhone: '+15550200001',
      name: 'Sunrise Solar 1',
      verifiedName: 'Sunrise Solar 1',
      qualityRating: 'GREEN',
      messagingTier: 'TIER_1K',
      status: 'active',
      hasCredentials: true,
    });
    expect(res.body.templates).toEqual({ ok: true, added: 1, updated: 0, removed: 0 });
    expect(JSON.stringify(res.body)).not.toContain('business-token-1');
    expect(graph.subscribedWabas()).toEqual([WABA]);
    expect(graph.registeredNumbers()).toEqual([number(1)]);

    const row = await prisma.channel.findFirstOrThrow({ where: { phoneNumberId: number(1) } });
    const config = testConfig();
    const box = createSecretBoxFromBase64Keys({ current: config.security.encryptionKey });
    expect(box.open(Buffer.from(row.encryptedCredentials!))).toEqual({
      accessToken: 'business-token-1',
      registrationPin: '123456',
    });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: row.id } });
    expect(audit.data).toMatchObject({
      via: 'embedded_signup',
      credentialFields: ['accessToken', 'registrationPin'],
    });
  });

  it('an expired code: a plain message, SIGNUP_CODE_EXPIRED, nothing at Meta or here', async () => {
    graph.addSignupCode({ code: 'code-old', accessToken: 'business-token-2', expired: true });
    const res = await signup({ code: 'code-old', wabaId: WABA, phoneNumberId: number(2) }).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'SIGNUP_CODE_EXPIRED',
      message: expect.stringMatching(/sign-in expired/),
    });
    expect(await channelsOf(number(2))).toBe(0);
    expect(graph.registeredNumbers()).not.toContain(number(2));
  });

  it('a code used twice is refused the second time; a wrong two-step PIN is named', async () => {
    graph.addSignupCode({ code: 'code-pin', accessToken: 'business-token-1' });
    const pin = await signup({ code: 'code-pin', wabaId: WABA, phoneNumberId: number(1), pin: '000000' });
    expect(pin.status).toBe(400);
    expect(pin.body.error.code).toBe('REGISTRATION_PIN_MISMATCH');
    graph.addSignupCode({ code: 'code-twice', accessToken: 'business-token-1' });
    const res = await signup({ code: 'code-twice', wabaId: WABA, phoneNumberId: number(1), pin: '123456' });
    // The number is already connected (to this workspace): proven, so it may say so.
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('CHANNEL_EXISTS');
    const again = await signup({ code: 'code-twice', wabaId: WABA, phoneNumberId: number(1) }).expect(400);
    expect(again.body.error.code).toBe('SIGNUP_CODE_INVALID');
  });

  it('registration refused (number still on the WhatsApp app): NUMBER_REGISTRATION_REFUSED, nothing stored', async () => {
    graph.addSignupCode({ code: 'code-reg', accessToken: 'business-token-3' });
    graph.refuseRegistration(number(3), {
      code: 100,
      details: 'The phone number is already registered on the WhatsApp Business app',
    });
    const res = await signup({ code: 'code-reg', wabaId: WABA, phoneNumberId: number(3) }).expect(400);
    expect(res.body.error.code).toBe('NUMBER_REGISTRATION_REFUSED');
    expect(res.body.error.message).toContain('already registered on the WhatsApp Business app');
    expect(res.body.error.message).toContain('remove it there first');
    expect(await channelsOf(number(3))).toBe(0);
  });

  it('subscribing the app fails halfway (permission missing): MISSING_PERMISSION, nothing stored', async () => {
    graph.addSignupCode({ code: 'code-perm', accessToken: 'business-token-4' });
    graph.failNext(1, { route: 'subscribed_apps', httpStatus: 403, code: 200, message: 'Permissions error' });
    const res = await signup({ code: 'code-perm', wabaId: WABA, phoneNumberId: number(4) }).expect(400);
    expect(res.body.error).toMatchObject({
      code: 'MISSING_PERMISSION',
      message: expect.stringMatching(/not given permission to manage this WhatsApp Business Account/),
    });
    expect(await channelsOf(number(4))).toBe(0);
    expect(graph.registeredNumbers()).not.toContain(number(4));
  });

  it('Meta down while subscribing: 503 PROVIDER_UNREACHABLE, nothing stored, and a retry with a new code works', async () => {
    graph.addSignupCode({ code: 'code-down', accessToken: 'business-token-5' });
    graph.failNext(1, { route: 'subscribed_apps', httpStatus: 503, code: 2 });
    const down = await signup({ code: 'code-down', wabaId: WABA, phoneNumberId: number(5) }).expect(503);
    expect(down.body.error.code).toBe('PROVIDER_UNREACHABLE');
    expect(await channelsOf(number(5))).toBe(0);
    graph.addSignupCode({ code: 'code-retry', accessToken: 'business-token-5' });
    await signup({ code: 'code-retry', wabaId: WABA, phoneNumberId: number(5) }).expect(201);
    expect(await channelsOf(number(5))).toBe(1);
  });

  it('a number of another business in the WABA (the token cannot act for it) is refused, and bad input is a 400', async () => {
    graph.addSignupCode({ code: 'code-foreign', accessToken: 'business-token-2' });
    const res = await signup({ code: 'code-foreign', wabaId: WABA, phoneNumberId: number(3) }).expect(400);
    expect(res.body.error.code).toBe('CHANNEL_NOT_VERIFIED');
    const bad = await signup({ code: '', wabaId: 'abc', phoneNumberId: number(3), pin: '12' }).expect(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining('code'),
        expect.stringContaining('wabaId'),
        expect.stringContaining('pin'),
      ]),
    );
  });

  describe("the number's health and its templates follow Meta's webhooks (signed, through POST /webhooks/meta)", () => {
    let channelId: string;
    const alerts = () =>
      prisma.channelAlert.findMany({ where: { channelId }, orderBy: { occurredAt: 'asc' } });

    beforeAll(async () => {
      await app.listen(0, '127.0.0.1');
      graph.setWebhookUrl(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/webhooks/meta`);
      channelId = (await prisma.channel.findFirstOrThrow({ where: { phoneNumberId: number(1) } })).id;
    });

    const delivered = async () => {
      await graph.flushWebhooks(10_000);
      const last = graph.webhookDeliveries().at(-1);
      expect(graph.webhookDeliveries().every((d) => d.outcome === 'delivered')).toBe(true);
      expect(last?.outcome).toBe('delivered');
    };

    it('a quality drop and a tier downgrade update the channel and leave an alert for the owner', async () => {
      graph.updatePhoneQuality(number(1), { event: 'FLAGGED' });
      await delivered();
      expect(await prisma.channel.findUniqueOrThrow({ where: { id: channelId } })).toMatchObject({
        qualityRating: 'RED',
        messagingTier: 'TIER_1K',
      });
      graph.updatePhoneQuality(number(1), { event: 'DOWNGRADE', currentLimit: 'TIER_250' });
      await delivered();
      const channel = await request(app.getHttpServer())
        .get(`/api/channels/${channelId}`)
        .set('Authorization', `Bearer ${tokenFor(app, acme, 'viewer')}`)
        .expect(200);
      expect(channel.body).toMatchObject({ qualityRating: 'RED', messagingTier: 'TIER_250' });
      expect((await alerts()).map((a) => [a.kind, a.payload, a.notifiedAt])).toEqual([
        [
          'quality_dropped',
          { event: 'FLAGGED', qualityRating: 'RED', messagingTier: 'TIER_1K', previousTier: null },
          null,
        ],
        [
          'quality_dropped',
          { event: 'DOWNGRADE', qualityRating: 'RED', messagingTier: 'TIER_250', previousTier: 'TIER_1K' },
          null,
        ],
      ]);
      graph.updatePhoneQuality(number(1), { event: 'UNFLAGGED' });
      await delivered();
      expect((await prisma.channel.findUniqueOrThrow({ where: { id: channelId } })).qualityRating).toBe(
        'GREEN',
      );
      expect(await alerts()).toHaveLength(2); // getting better is no alarm
    });

    it('an account restriction is an alert; a verified account is not', async () => {
      const before = (await alerts()).length;
      graph.accountUpdate(number(1), 'VERIFIED_ACCOUNT');
      graph.accountUpdate(number(1), 'ACCOUNT_RESTRICTION', {
        restriction_info: [{ restriction_type: 'RESTRICTED_ADD_PHONE_NUMBER_ACTION' }],
      });
      await delivered();
      const added = (await alerts()).slice(before);
      expect(added.map((a) => [a.kind, a.payload])).toEqual([
        ['account_restricted', { event: 'ACCOUNT_RESTRICTION' }],
      ]);
    });

    it('a rejected template gets its reason and an alert; a new category is applied', async () => {
      const template = () =>
        prisma.template.findFirstOrThrow({ where: { channelId, name: 'order_ready', language: 'en' } });
      graph.rejectTemplate('order_ready', 'en', 'INCORRECT_CATEGORY', WABA);
      await delivered();
      expect(await template()).toMatchObject({ status: 'rejected', rejectionReason: 'INCORRECT_CATEGORY' });
      graph.recategoriseTemplate('order_ready', 'en', 'MARKETING', WABA);
      await delivered();
      expect((await template()).category).toBe('marketing');
      const kinds = (await alerts()).map((a) => a.kind);
      expect(kinds.slice(-2)).toEqual(['template_rejected', 'template_recategorised']);
      const recategorised = (await alerts()).at(-1);
      expect(recategorised?.payload).toMatchObject({ name: 'order_ready', from: 'utility', to: 'marketing' });
    });
  });

  describe('templates built in the web app: POST /api/templates', () => {
    const draft = {
      name: 'pickup_ready',
      language: 'en',
      category: 'utility',
      header: { type: 'text', text: 'Order {{1}}', example: '#1042' },
      body: {
        text: 'Hi {{1}}, your panels are ready for pickup at {{2}} today.',
        examples: ['Ana', 'Main St'],
      },
      footer: 'Sunrise Solar',
      buttons: [
        { type: 'url', text: 'Track order', url: 'https://shop.example/track/{{1}}', example: '1042' },
      ],
    };
    const submit = (body: object, role: 'admin' | 'viewer' = 'admin') =>
      request(app.getHttpServer())
        .post('/api/templates')
        .set('Authorization', `Bearer ${tokenFor(app, acme, role)}`)
        .send(body);
    let channelId: string;
    beforeAll(async () => {
      channelId = (await prisma.channel.findFirstOrThrow({ where: { phoneNumberId: number(1) } })).id;
    });

    it("refuses a draft that breaks WhatsApp's rules before asking Meta, naming each problem", async () => {
      const res = await submit({
        channelId,
        template: { ...draft, body: { text: '{{1}} is ready', examples: [] } },
      }).expect(400);
      expect(res.body.error.code).toBe('TEMPLATE_INVALID');
      expect(res.body.error.details).toEqual([
        'body: The text may not start or end with a variable: add words around it.',
        'body: Give a sample value for {{1}}.',
      ]);
      expect(graph.templates(WABA).map((t) => t.name)).not.toContain('pickup_ready');
      await submit({ channelId, template: draft }, 'viewer').expect(403);
    });

    it('submits a valid one to Meta (pending), and resubmits it edited after a rejection', async () => {
      const res = await submit({ channelId, template: draft }).expect(201);
      expect(res.body).toMatchObject({ name: 'pickup_ready', status: 'pending', category: 'utility' });
      const atMeta = graph.templates(WABA).find((t) => t.name === 'pickup_ready');
      expect(atMeta?.components).toEqual([
        { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#1042'] } },
        {
          type: 'BODY',
          text: 'Hi {{1}}, your panels are ready for pickup at {{2}} today.',
          example: { body_text: [['Ana', 'Main St']] },
        },
        { type: 'FOOTER', text: 'Sunrise Solar' },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Track order', url: 'https://shop.example/track/{{1}}', example: ['1042'] },
          ],
        },
      ]);
      graph.rejectTemplate('pickup_ready', 'en', 'INVALID_FORMAT', WABA);
      await graph.flushWebhooks(10_000);
      const listed = await request(app.getHttpServer())
        .get(`/api/templates?channel=${channelId}&name=pickup_ready`)
        .set('Authorization', `Bearer ${tokenFor(app, acme, 'viewer')}`)
        .expect(200);
      expect(listed.body.data[0]).toMatchObject({ status: 'rejected', rejectionReason: 'INVALID_FORMAT' });

      const edited = { ...draft, footer: 'Sunrise Solar, Main St' };
      const again = await submit({ channelId, template: edited }).expect(201);
      expect(again.body).toMatchObject({
        status: 'pending',
        rejectionReason: null,
        providerTemplateId: atMeta?.id,
      });
      const afterEdit = graph.templates(WABA).filter((t) => t.name === 'pickup_ready');
      expect(afterEdit).toHaveLength(1);
      expect(afterEdit[0]).toMatchObject({ status: 'PENDING' });
      expect(afterEdit[0].components).toContainEqual({ type: 'FOOTER', text: 'Sunrise Solar, Main St' });
    });

    it("another workspace's channel is not found", async () => {
      const other = await seedWorkspace(prisma);
      const res = await submit({ channelId: other.channelId, template: draft }).expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    });
  });
});
