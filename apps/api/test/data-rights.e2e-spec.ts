import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection, jobId, QUEUE_PREFIX } from '@leadline/engine';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import {
  seedContact,
  seedTenant,
  type SeededContact,
} from '../../../libs/data-rights/test/support/seed-contact';
import { createApiApp } from '../src/api-app.factory';
import { addApiKey } from './support/api-seed';
import { testConfig } from './support/test-config';

describe('data rights and webhook subscriptions over HTTP', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let timers: Queue;
  let acme: Awaited<ReturnType<typeof seedTenant>>;
  let globex: Awaited<ReturnType<typeof seedTenant>>;
  let keys: { all: string; readOnly: string; globex: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, 'Acme');
    globex = await seedTenant(prisma, 'Globex');
    keys = {
      all: (await addApiKey(prisma, acme.tenantId, ['data:export', 'contacts:erase', 'webhooks:manage'])).key,
      readOnly: (await addApiKey(prisma, acme.tenantId, ['runs:read'])).key,
      globex: (await addApiKey(prisma, globex.tenantId, ['data:export', 'contacts:erase', 'webhooks:manage']))
        .key,
    };
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    timers = new Queue('timers', { connection: bullConnection(testRedisUrl()), prefix: QUEUE_PREFIX });
  });

  afterAll(async () => {
    await timers?.obliterate({ force: true });
    await timers?.close();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  describe('GET /api/contacts/:id/export', () => {
    let ada: SeededContact;

    beforeAll(async () => {
      ada = await seedContact(prisma, acme, '+447700900301');
    });

    it("returns the contact's data as a JSON attachment and audits the export", async () => {
      const res = await http().get(`/api/contacts/${ada.contactId}/export`).set(auth(keys.all)).expect(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="contact-${ada.contactId}.json"`);
      expect(res.body).toMatchObject({
        format: 'leadline.contact-export.v1',
        contact: { phone: '+447700900301' },
      });
      expect(res.body.messages).toHaveLength(3);
      expect(res.body.runs).toHaveLength(2);
      const audit = await prisma.auditLog.findFirst({
        where: { action: 'contact.exported', targetId: ada.contactId },
      });
      expect(audit).not.toBeNull();
    });

    it('needs data:export, and answers 404 for another tenant or a malformed id', async () => {
      await http().get(`/api/contacts/${ada.contactId}/export`).set(auth(keys.readOnly)).expect(403);
      await http().get(`/api/contacts/${ada.contactId}/export`).set(auth(keys.globex)).expect(404);
      await http().get('/api/contacts/not-a-uuid/export').set(auth(keys.all)).expect(404);
      await http().get(`/api/contacts/${ada.contactId}/export`).expect(401);
    });
  });

  describe('DELETE /api/contacts/:id', () => {
    it('erases the contact everywhere, takes its timers off the queue and audits it without personal data', async () => {
      const bo = await seedContact(prisma, acme, '+447700900302');
      const timerJob = jobId('timer', bo.runIds[1]!, `${bo.runIds[1]}:t1`);
      await timers.add('timers', { tenantId: acme.tenantId }, { jobId: timerJob, delay: 3_600_000 });

      await http().delete(`/api/contacts/${bo.contactId}`).set(auth(keys.globex)).expect(404);
      await http().delete(`/api/contacts/${bo.contactId}`).set(auth(keys.readOnly)).expect(403);
      const res = await http().delete(`/api/contacts/${bo.contactId}`).set(auth(keys.all)).expect(200);
      expect(res.body).toMatchObject({
        contactId: bo.contactId,
        deleted: { contacts: 1, messages: 3, flow_runs: 2 },
      });

      expect(await prisma.contact.count({ where: { id: bo.contactId } })).toBe(0);
      expect(await prisma.message.count({ where: { contactId: bo.contactId } })).toBe(0);
      expect(await timers.getJob(timerJob)).toBeUndefined();
      const audit = await prisma.auditLog.findFirstOrThrow({
        where: { action: 'contact.erased', targetId: bo.contactId },
      });
      expect(audit.actorApiKeyId).not.toBeNull();
      expect(JSON.stringify(audit)).not.toMatch(/447700900302|Lucía/);
      await http().get(`/api/contacts/${bo.contactId}/export`).set(auth(keys.all)).expect(404);
      await http().delete(`/api/contacts/${bo.contactId}`).set(auth(keys.all)).expect(404);
    });
  });

  describe('GET /api/tenant/export', () => {
    it('streams every table of the tenant and nothing of others', async () => {
      await seedContact(prisma, globex, '+15550100999');
      const res = await http()
        .get('/api/tenant/export')
        .set(auth(keys.all))
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => done(null, text));
        })
        .expect(200);
      const document = JSON.parse(res.body as string);
      expect(document.tenant.id).toBe(acme.tenantId);
      expect(document.tables.contacts.length).toBe(
        await prisma.contact.count({ where: { tenantId: acme.tenantId } }),
      );
      expect(document.tables).not.toHaveProperty('tenant_secrets');
      expect(res.body).not.toContain('+15550100999');
      expect(
        await prisma.auditLog.count({ where: { action: 'tenant.exported', tenantId: acme.tenantId } }),
      ).toBe(1);
      await http().get('/api/tenant/export').set(auth(keys.readOnly)).expect(403);
    });
  });

  describe('/api/webhook-subscriptions', () => {
    it('creates a subscription, shows its secret once and stores it sealed', async () => {
      const res = await http()
        .post('/api/webhook-subscriptions')
        .set(auth(keys.all))
        .send({
          url: 'https://8.8.8.8/leadline',
          events: ['run.completed', 'lead.captured'],
          description: 'CRM',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        id: expect.any(String),
        url: 'https://8.8.8.8/leadline',
        events: ['run.completed', 'lead.captured'],
        secret: expect.stringMatching(/^whsec_/),
      });
      const row = await prisma.webhookSubscription.findUniqueOrThrow({ where: { id: res.body.id } });
      expect(Buffer.from(row.sealedSecret).toString('latin1')).not.toContain(res.body.secret);

      const listed = await http().get('/api/webhook-subscriptions').set(auth(keys.all)).expect(200);
      // The seeded tenant has one subscription already.
      expect(listed.body.data).toHaveLength(2);
      expect(listed.body.data).toContainEqual(
        expect.objectContaining({ id: res.body.id, url: 'https://8.8.8.8/leadline', description: 'CRM' }),
      );
      expect(JSON.stringify(listed.body)).not.toContain(res.body.secret);
      const globexList = await http().get('/api/webhook-subscriptions').set(auth(keys.globex)).expect(200);
      expect(globexList.body.data.map((row: { id: string }) => row.id)).toEqual([globex.subscriptionId]);

      await http().delete(`/api/webhook-subscriptions/${res.body.id}`).set(auth(keys.globex)).expect(404);
      await http().delete(`/api/webhook-subscriptions/${res.body.id}`).set(auth(keys.all)).expect(204);
      await http().delete(`/api/webhook-subscriptions/${res.body.id}`).set(auth(keys.all)).expect(404);
      const actions = await prisma.auditLog.findMany({
        where: { targetId: res.body.id },
        orderBy: { at: 'asc' },
        select: { action: true },
      });
      expect(actions.map((row) => row.action)).toEqual([
        'webhook_subscription.created',
        'webhook_subscription.deleted',
      ]);
    });

    it('refuses private URLs, unknown events and callers without webhooks:manage', async () => {
      const post = (body: object, key = keys.all) =>
        http().post('/api/webhook-subscriptions').set(auth(key)).send(body);
      const privateUrl = await post({
        url: 'http://169.254.169.254/latest',
        events: ['run.completed'],
      }).expect(400);
      expect(privateUrl.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.stringContaining('private or reserved address')],
      });
      const badEvent = await post({ url: 'https://8.8.8.8/x', events: ['run.exploded'] }).expect(400);
      expect(JSON.stringify(badEvent.body.error.details)).toContain('events.0');
      await post({ url: 'https://8.8.8.8/x', events: ['run.completed'] }, keys.readOnly).expect(403);
    });
  });
});
