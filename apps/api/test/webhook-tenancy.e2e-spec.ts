import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';
import {
  metaEnvelope,
  metaSignatureHeader,
  metaStatusChange,
  metaTemplateChange,
  metaTextChange,
  seedWebhookWorkspace,
  twilioForm,
  type WebhookWorkspace,
} from './support/webhook-seed';

const PUBLIC_URL = 'https://leadline.test';
const DEPLOYMENT_SECRET = 'the-deployments-own-meta-app-secret';

/**
 * Issue 16 item 1: a workspace signs webhooks with its own channel's secret and names another
 * workspace's number in them. Nothing may reach the other workspace; its own part still applies.
 */
describe('webhooks: each entry applied only with its owner signature', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  const logs = new LogCapture();
  let a: WebhookWorkspace;
  let b: WebhookWorkspace;
  let encryptionKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    const config = testConfig({
      DATABASE_URL: db.url,
      PUBLIC_URL,
      LOG_LEVEL: 'info',
      META_APP_SECRET: DEPLOYMENT_SECRET,
    });
    encryptionKey = config.security.encryptionKey;
    a = await seedWebhookWorkspace(prisma, encryptionKey, 1);
    b = await seedWebhookWorkspace(prisma, config.security.encryptionKey, 2);
    app = await createApiApp(config, { logDestination: logs });
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const postMeta = (body: string, secret: string) =>
    request(app.getHttpServer())
      .post('/webhooks/meta')
      .set('Content-Type', 'application/json')
      .set('X-Hub-Signature-256', metaSignatureHeader(body, secret))
      .send(body);

  const postTwilio = (
    params: Record<string, string | string[]>,
    authToken: string,
    path = '/webhooks/twilio',
  ) => {
    const form = twilioForm(`${PUBLIC_URL}${path}`, params, authToken);
    return request(app.getHttpServer())
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', form.signature)
      .send(form.body);
  };

  /** Everything of B's that a forged webhook could have changed. */
  async function stateOf(workspace: WebhookWorkspace) {
    const [inbound, contact, outbound, template, events] = await Promise.all([
      prisma.message.findMany({
        where: { tenantId: workspace.tenantId, direction: 'in' },
        select: { providerMessageId: true },
      }),
      prisma.contact.findUniqueOrThrow({ where: { id: workspace.contact.id } }),
      prisma.message.findMany({
        where: { tenantId: workspace.tenantId, direction: 'out' },
        select: { providerMessageId: true, status: true, failedAt: true },
        orderBy: { providerMessageId: 'asc' },
      }),
      prisma.template.findFirstOrThrow({ where: { tenantId: workspace.tenantId, name: 'order_update' } }),
      prisma.contactEvent.count({ where: { tenantId: workspace.tenantId } }),
    ]);
    return {
      inbound: inbound.map((m) => m.providerMessageId).sort(),
      contacts: await prisma.contact.count({ where: { tenantId: workspace.tenantId } }),
      optInState: contact.optInState,
      outbound: outbound.map((m) => [m.providerMessageId, m.status, m.failedAt === null]),
      template: template.status,
      events,
    };
  }

  const droppedLines = () =>
    logs.lines.filter((line) => /foreign|not signed by its owner/i.test(String(line.msg)));

  describe('Meta', () => {
    it("A's signature carries A's entry in and drops B's inbound message, STOP, status and template update", async () => {
      const before = await stateOf(b);
      const body = metaEnvelope([
        {
          id: a.meta.wabaId,
          changes: [metaTextChange(a.meta.phoneNumberId, '447700900901', 'wamid.A-IN-1', 'hello A')],
        },
        {
          id: b.meta.wabaId,
          changes: [
            metaTextChange(b.meta.phoneNumberId, '447700900902', 'wamid.FORGED-IN-1', 'forged into B'),
            metaTextChange(b.meta.phoneNumberId, b.contact.waId, 'wamid.FORGED-STOP-1', 'STOP'),
            metaStatusChange(b.meta.phoneNumberId, b.metaOutboundWamid, 'failed', b.contact.waId),
            metaTemplateChange('REJECTED', 'order_update'),
          ],
        },
        // An entry under A's own WABA id whose change names B's number is B's too.
        {
          id: a.meta.wabaId,
          changes: [metaTextChange(b.meta.phoneNumberId, '447700900903', 'wamid.FORGED-IN-2', 'hidden in A')],
        },
      ]);

      const res = await postMeta(body, a.meta.appSecret);

      expect(res.status).toBe(200);
      expect(await stateOf(b)).toEqual(before);
      expect(before).toMatchObject({ inbound: [], optInState: 'opted_in', template: 'approved' });
      // A's own entry in the same body was applied.
      expect((await stateOf(a)).inbound).toEqual(['wamid.A-IN-1']);
      // Dropped and logged, naming the channel, never the body.
      expect(droppedLines().length).toBeGreaterThan(0);
      expect(logs.text()).not.toMatch(/forged into B|hidden in A/);
    });

    it("B's own signature applies the very same entries to B", async () => {
      const body = metaEnvelope([
        {
          id: b.meta.wabaId,
          changes: [
            metaTextChange(b.meta.phoneNumberId, '447700900904', 'wamid.B-IN-1', 'genuine for B'),
            metaTextChange(b.meta.phoneNumberId, b.contact.waId, 'wamid.B-STOP-1', 'STOP'),
            metaStatusChange(b.meta.phoneNumberId, b.metaOutboundWamid, 'failed', b.contact.waId),
            metaTemplateChange('REJECTED', 'order_update'),
          ],
        },
      ]);
      expect((await postMeta(body, b.meta.appSecret)).status).toBe(200);
      const after = await stateOf(b);
      expect(after.inbound).toEqual(['wamid.B-IN-1', 'wamid.B-STOP-1']);
      expect(after.optInState).toBe('opted_out');
      expect(after.outbound).toContainEqual([b.metaOutboundWamid, 'failed', false]);
      expect(after.template).toBe('rejected');
    });

    it("the deployment's own app secret speaks for every channel", async () => {
      const body = metaEnvelope([
        {
          id: a.meta.wabaId,
          changes: [metaTextChange(a.meta.phoneNumberId, '447700900905', 'wamid.D-A-1', 'hi')],
        },
        {
          id: b.meta.wabaId,
          changes: [metaTextChange(b.meta.phoneNumberId, '447700900905', 'wamid.D-B-1', 'hi')],
        },
      ]);
      expect((await postMeta(body, DEPLOYMENT_SECRET)).status).toBe(200);
      expect((await stateOf(a)).inbound).toContain('wamid.D-A-1');
      expect((await stateOf(b)).inbound).toContain('wamid.D-B-1');
    });

    it('a template update for a WABA only B has, signed by A, is 401 and changes nothing', async () => {
      await prisma.template.updateMany({ where: { tenantId: b.tenantId }, data: { status: 'approved' } });
      const body = metaEnvelope([
        { id: b.meta.wabaId, changes: [metaTemplateChange('PAUSED', 'order_update')] },
      ]);
      expect((await postMeta(body, a.meta.appSecret)).status).toBe(401);
      expect((await stateOf(b)).template).toBe('approved');
    });
  });

  /** The row id of B's outbound message on a channel: what our status callbacks echo back. */
  const outboundRowId = async (workspace: WebhookWorkspace, providerMessageId: string) =>
    (await prisma.message.findFirstOrThrow({ where: { tenantId: workspace.tenantId, providerMessageId } }))
      .id;

  describe('Meta: every path routes by the channel that owns it', () => {
    it("A's status naming B's message by our echoed id (biz_opaque_callback_data) changes nothing of B", async () => {
      const before = await stateOf(b);
      const change = metaStatusChange(a.meta.phoneNumberId, 'wamid.NEVER-SENT', 'failed', b.contact.waId);
      (change.value.statuses[0] as Record<string, unknown>).biz_opaque_callback_data = await outboundRowId(
        b,
        b.metaOutboundWamid,
      );
      expect(
        (await postMeta(metaEnvelope([{ id: a.meta.wabaId, changes: [change] }]), a.meta.appSecret)).status,
      ).toBe(200);
      expect(await stateOf(b)).toEqual(before);
    });

    it("a template update for a WABA two workspaces share reaches only the signer's channel", async () => {
      const c = await seedWebhookWorkspace(prisma, encryptionKey, 4);
      await prisma.channel.update({ where: { id: c.meta.channelId }, data: { wabaId: b.meta.wabaId } });
      await prisma.template.updateMany({ where: { tenantId: b.tenantId }, data: { status: 'approved' } });
      const body = metaEnvelope([
        {
          id: c.meta.wabaId,
          changes: [metaTextChange(c.meta.phoneNumberId, '447700900908', 'wamid.C-IN-1', 'hi')],
        },
        { id: b.meta.wabaId, changes: [metaTemplateChange('REJECTED', 'order_update')] },
      ]);
      expect((await postMeta(body, c.meta.appSecret)).status).toBe(200);
      expect((await stateOf(c)).template).toBe('rejected');
      expect((await stateOf(b)).template).toBe('approved');
    });
  });

  describe('Twilio', () => {
    it("A's status callback carrying B's message id in the callback URL changes nothing of B", async () => {
      const before = await stateOf(b);
      const ref = await outboundRowId(b, b.twilioOutboundSid);
      const res = await postTwilio(
        {
          MessageSid: `SM${'9'.repeat(32)}`,
          MessageStatus: 'failed',
          ErrorCode: '63016',
          AccountSid: a.twilio.accountSid,
          From: `whatsapp:${a.twilio.number}`,
          To: `whatsapp:${b.contact.phone}`,
        },
        a.twilio.authToken,
        `/webhooks/twilio?messageRef=${ref}`,
      );
      expect(res.status).toBe(200);
      expect(await stateOf(b)).toEqual(before);
    });

    const inbound = (overrides: Record<string, string>) => ({
      MessageSid: `SM${'f'.repeat(32)}`,
      SmsMessageSid: `SM${'f'.repeat(32)}`,
      NumMedia: '0',
      ...overrides,
    });

    it("A's auth token cannot report a status of B's message (From names B, To names A)", async () => {
      const before = await stateOf(b);
      const res = await postTwilio(
        {
          MessageSid: b.twilioOutboundSid,
          MessageStatus: 'failed',
          ErrorCode: '63016',
          // A Body makes today's code pick `To` (A's number) to find the signing token.
          Body: 'x',
          AccountSid: a.twilio.accountSid,
          From: `whatsapp:${b.twilio.number}`,
          To: `whatsapp:${a.twilio.number}`,
        },
        a.twilio.authToken,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FOREIGN_CHANNEL');
      expect(await stateOf(b)).toEqual(before);
    });

    it("A's auth token cannot deliver an inbound message to B's number (To names B, From names A)", async () => {
      const before = await stateOf(b);
      const res = await postTwilio(
        inbound({
          MessageStatus: 'received',
          ButtonPayload: 'book_now',
          ButtonText: 'Book now',
          AccountSid: a.twilio.accountSid,
          From: `whatsapp:${a.twilio.number}`,
          To: `whatsapp:${b.twilio.number}`,
        }),
        a.twilio.authToken,
      );
      expect(res.status).toBe(403);
      expect(await stateOf(b)).toEqual(before);
    });

    it("A's auth token with B's number in To is not B's signature", async () => {
      const before = await stateOf(b);
      const res = await postTwilio(
        inbound({
          Body: 'STOP',
          AccountSid: a.twilio.accountSid,
          From: `whatsapp:${b.contact.phone}`,
          To: `whatsapp:${b.twilio.number}`,
        }),
        a.twilio.authToken,
      );
      expect(res.status).toBe(401);
      expect(await stateOf(b)).toEqual(before);
    });

    it("a webhook signed with B's token but naming A's account is refused", async () => {
      const before = await stateOf(b);
      const res = await postTwilio(
        inbound({
          Body: 'hello',
          AccountSid: a.twilio.accountSid,
          From: 'whatsapp:+447700900906',
          To: `whatsapp:${b.twilio.number}`,
        }),
        b.twilio.authToken,
      );
      expect(res.status).toBe(401);
      expect(await stateOf(b)).toEqual(before);
    });

    it("B's own token delivers B's inbound message and B's status", async () => {
      const message = await postTwilio(
        inbound({
          MessageSid: `SM${'b'.repeat(32)}`,
          Body: 'genuine for B',
          AccountSid: b.twilio.accountSid,
          From: 'whatsapp:+447700900907',
          To: `whatsapp:${b.twilio.number}`,
        }),
        b.twilio.authToken,
      );
      expect(message.status).toBe(200);
      const status = await postTwilio(
        {
          MessageSid: b.twilioOutboundSid,
          MessageStatus: 'delivered',
          AccountSid: b.twilio.accountSid,
          From: `whatsapp:${b.twilio.number}`,
          To: `whatsapp:${b.contact.phone}`,
        },
        b.twilio.authToken,
      );
      expect(status.status).toBe(200);
      const after = await stateOf(b);
      expect(after.inbound).toContain(`SM${'b'.repeat(32)}`);
      expect(after.outbound).toContainEqual([b.twilioOutboundSid, 'delivered', true]);
    });
  });
});
