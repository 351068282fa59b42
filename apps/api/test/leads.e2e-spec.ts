import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection, QUEUE_PREFIX } from '@leadline/engine';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { addApiKey, exampleFlow, seedTenant, type SeededTenant } from './support/api-seed';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';

const FLOW = 'no-reply-follow-up';

describe('POST /api/leads', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let logs: LogCapture;
  let wakeups: Queue;
  let acme: SeededTenant;

  beforeAll(async () => {
    // This file's own Redis (see @leadline/testing), so the wake-up jobs it checks are its own.
    const REDIS_URL = testRedisUrl();
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [exampleFlow(FLOW)] });
    logs = new LogCapture();
    app = await createApiApp(testConfig({ DATABASE_URL: db.url, REDIS_URL, LOG_LEVEL: 'debug' }), {
      logDestination: logs,
    });
    wakeups = new Queue('contacts', { connection: bullConnection(REDIS_URL), prefix: QUEUE_PREFIX });
    await wakeups.obliterate({ force: true });
  });

  afterAll(async () => {
    await wakeups?.obliterate({ force: true });
    await wakeups?.close();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const post = (key: string | undefined, body: unknown, idempotencyKey?: string) => {
    const req = request(app.getHttpServer()).post('/api/leads');
    if (key !== undefined) req.set('Authorization', `Bearer ${key}`);
    if (idempotencyKey !== undefined) req.set('Idempotency-Key', idempotencyKey);
    return req.send(body as object);
  };
  const lead = (phone: string, extra: Record<string, unknown> = {}) => ({ phone, flow: FLOW, ...extra });
  const leadEvents = async (contactId: string) =>
    prisma.contactEvent.findMany({ where: { contactId, kind: 'lead' }, orderBy: { id: 'asc' } });

  describe('authentication', () => {
    it('answers 401 UNAUTHORIZED without an Authorization header, and stores nothing', async () => {
      const res = await post(undefined, lead('+447700900001')).expect(401);
      expect(res.body.error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringContaining('Bearer'),
      });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(await prisma.contact.count({ where: { phone: '+447700900001' } })).toBe(0);
    });

    it.each([
      ['another scheme', (key: string) => `Basic ${key}`],
      ['no key after Bearer', () => 'Bearer '],
      ['text that is not a Leadline key', () => 'Bearer sk_live_1234567890'],
      ['a truncated key', (key: string) => `Bearer ${key.slice(0, -1)}`],
    ])('answers 401 for %s', async (_case, header) => {
      const res = await request(app.getHttpServer())
        .post('/api/leads')
        .set('Authorization', header(acme.key.key))
        .send(lead('+447700900002'))
        .expect(401);
      expect(res.body.error.code).toBe('UNAUTHORIZED');
    });

    it('answers 401 for a well-formed key that does not exist', async () => {
      const unknown = acme.key.key.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
      const res = await post(unknown, lead('+447700900003')).expect(401);
      expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'Unknown API key.' });
    });

    it('answers 401 for a revoked key', async () => {
      const revoked = await addApiKey(prisma, acme.id, ['leads:write'], { revokedAt: new Date() });
      const res = await post(revoked.key, lead('+447700900004')).expect(401);
      expect(res.body.error).toMatchObject({
        code: 'UNAUTHORIZED',
        message: expect.stringMatching(/revoked/),
      });
      expect(await prisma.contact.count({ where: { phone: '+447700900004' } })).toBe(0);
    });

    it('answers 403 FORBIDDEN for a key without leads:write', async () => {
      const reader = await addApiKey(prisma, acme.id, ['runs:read', 'runs:write']);
      const res = await post(reader.key, lead('+447700900005')).expect(403);
      expect(res.body.error).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringContaining('leads:write'),
      });
      expect(await prisma.contact.count({ where: { phone: '+447700900005' } })).toBe(0);
    });

    it('records when a key was last used, at most once a minute', async () => {
      const fresh = await addApiKey(prisma, acme.id, ['leads:write']);
      const lastUsed = async () =>
        (await prisma.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt;
      expect(await lastUsed()).toBeNull();

      const before = Date.now();
      await post(fresh.key, lead('+447700900006')).expect(202);
      const first = await lastUsed();
      expect(first!.getTime()).toBeGreaterThanOrEqual(before - 1000);

      await post(fresh.key, lead('+447700900006')).expect(202);
      expect(await lastUsed()).toEqual(first);

      const thirtySecondsAgo = new Date(Date.now() - 30_000);
      await prisma.apiKey.update({ where: { id: fresh.id }, data: { lastUsedAt: thirtySecondsAgo } });
      await post(fresh.key, lead('+447700900006')).expect(202);
      expect(await lastUsed()).toEqual(thirtySecondsAgo);

      const twoMinutesAgo = new Date(Date.now() - 120_000);
      await prisma.apiKey.update({ where: { id: fresh.id }, data: { lastUsedAt: twoMinutesAgo } });
      await post(fresh.key, lead('+447700900006')).expect(202);
      expect((await lastUsed())!.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    });

    it('never writes the key to the logs, even at debug level', async () => {
      await post(acme.key.key, lead('+447700900007')).expect(202);
      await post(acme.key.key, { phone: 'nope' }).expect(400);
      expect(logs.lines.length).toBeGreaterThan(0);
      // ll_<prefix>_<secret>: the 43-character secret may itself hold '_'. Neither the key, its secret
      // nor a recognisable piece of it (a log that cut the key short) may be written.
      const { key } = acme.key;
      const secret = key.slice(key.indexOf('_', 'll_'.length) + 1);
      expect(secret).toHaveLength(43);
      const text = logs.text();
      expect(text).not.toContain(key);
      expect(text).not.toContain(secret);
      expect(text).not.toContain(secret.slice(0, 12));
      expect(text).not.toContain(secret.slice(-12));
    });
  });

  describe('validation', () => {
    it.each([
      ['phone is missing', { flow: FLOW }, 'phone: is required'],
      ['phone has no country code', lead('07700 900123'), 'phone: must be an international number'],
      ['phone has letters', lead('+44 77OO 900123'), 'phone: must be an international number'],
      ['phone is too short', lead('+4412'), 'phone: must be an international number'],
      ['phone is a number', { phone: 447700900123, flow: FLOW }, 'phone: '],
      ['name is empty', lead('+447700900010', { name: '  ' }), 'name: must not be empty'],
      ['name is too long', lead('+447700900010', { name: 'x'.repeat(201) }), 'name: must be at most 200'],
      ['name is not text', lead('+447700900010', { name: 42 }), 'name: '],
      ['fields is a list', lead('+447700900010', { fields: ['a'] }), 'fields: '],
      ['fields is text', lead('+447700900010', { fields: 'a=b' }), 'fields: '],
      [
        'fields has 51 keys',
        lead('+447700900010', { fields: Object.fromEntries([...Array(51)].map((_, i) => [`k${i}`, i])) }),
        'fields: must have at most 50 keys',
      ],
      [
        'fields is over 32 KB',
        lead('+447700900010', { fields: { notes: 'x'.repeat(33 * 1024) } }),
        'fields: must be at most 32 KB',
      ],
      ['flow is missing', { phone: '+447700900010' }, 'flow: is required'],
      ['flow is not a flow key', lead('+447700900010', { flow: 'No Reply!' }), 'flow: must be the key'],
      ['an unknown field is sent', lead('+447700900010', { email: 'a@b.c' }), 'email: is not a known field'],
      ['the body is a list', [lead('+447700900010')], 'body: '],
    ])('answers 400 naming the field when %s', async (_case, body, detail) => {
      const res = await post(acme.key.key, body).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual(expect.arrayContaining([expect.stringContaining(detail)]));
      expect(res.body.error.message).toContain(detail);
      expect(await prisma.contact.count({ where: { phone: '+447700900010' } })).toBe(0);
    });

    it('names every bad field at once', async () => {
      const res = await post(acme.key.key, { phone: '123', name: '', flow: '' }).expect(400);
      expect(res.body.error.details).toEqual([
        expect.stringMatching(/^phone: /),
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^flow: /),
      ]);
    });

    it('answers 400 naming Idempotency-Key when it is over 200 characters', async () => {
      const res = await post(acme.key.key, lead('+447700900011'), 'k'.repeat(201)).expect(400);
      expect(res.body.error.details).toEqual(['Idempotency-Key: must be at most 200 characters']);
      expect(await prisma.contact.count({ where: { phone: '+447700900011' } })).toBe(0);
    });
  });

  describe('accepting leads', () => {
    it('answers 202, creates the contact with a normalised phone, records a lead event and wakes a worker', async () => {
      const res = await post(
        acme.key.key,
        lead('+44 7700-900123', { name: 'Ana Lima', fields: { source: 'website', budget: { max: 5000 } } }),
      ).expect(202);
      expect(res.body).toEqual({ contactId: expect.any(String), accepted: true });

      const contact = await prisma.contact.findUniqueOrThrow({ where: { id: res.body.contactId } });
      expect(contact).toMatchObject({
        tenantId: acme.id,
        phone: '+447700900123',
        name: 'Ana Lima',
        fields: { source: 'website', budget: { max: 5000 } },
      });
      const events = await leadEvents(contact.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        tenantId: acme.id,
        kind: 'lead',
        payload: { flowKey: FLOW, channelId: acme.channelId },
        processedAt: null,
      });

      const jobs = await wakeups.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.map((job) => job.data)).toContainEqual({ tenantId: acme.id, contactId: contact.id });
    });

    it('accepts a replayed Idempotency-Key once: the same contact, accepted false, one lead event', async () => {
      const body = lead('+447700900200', { name: 'Rui' });
      const first = await post(acme.key.key, body, 'form-submission-77').expect(202);
      const replay = await post(acme.key.key, body, 'form-submission-77').expect(202);
      expect(first.body).toEqual({ contactId: expect.any(String), accepted: true });
      expect(replay.body).toEqual({ contactId: first.body.contactId, accepted: false });
      const events = await leadEvents(first.body.contactId);
      expect(events).toHaveLength(1);
      expect(events[0].dedupeKey).toBe('lead.form-submission-77');

      // Another key is another lead for the same contact.
      const other = await post(acme.key.key, body, 'form-submission-78').expect(202);
      expect(other.body).toEqual({ contactId: first.body.contactId, accepted: true });
      expect(await leadEvents(first.body.contactId)).toHaveLength(2);
    });

    it('keeps leads in the tenant of the key that sent them', async () => {
      const other = await seedTenant(prisma, { flows: [exampleFlow(FLOW)] });
      const res = await post(other.key.key, lead('+447700900300')).expect(202);
      const contacts = await prisma.contact.findMany({ where: { phone: '+447700900300' } });
      expect(contacts.map((contact) => [contact.id, contact.tenantId])).toEqual([
        [res.body.contactId, other.id],
      ]);
    });

    it('answers 404 FLOW_NOT_FOUND for a flow the tenant has not published, and records nothing', async () => {
      const res = await post(acme.key.key, lead('+447700900400', { flow: 'lead-capture' })).expect(404);
      expect(res.body.error).toMatchObject({
        code: 'FLOW_NOT_FOUND',
        message: expect.stringContaining('lead-capture'),
      });
      expect(await prisma.contact.count({ where: { phone: '+447700900400' } })).toBe(0);

      // Another tenant's published flow is just as unknown.
      const other = await seedTenant(prisma, { flows: [exampleFlow('lead-capture')] });
      expect(other.flows['lead-capture']).toBeDefined();
      await post(acme.key.key, lead('+447700900400', { flow: 'lead-capture' })).expect(404);
    });

    it('answers 409 NO_CHANNEL when the tenant has no active WhatsApp channel', async () => {
      const silent = await seedTenant(prisma, { flows: [exampleFlow(FLOW)], channel: false });
      const res = await post(silent.key.key, lead('+447700900500')).expect(409);
      expect(res.body.error.code).toBe('NO_CHANNEL');
      expect(await prisma.contact.count({ where: { phone: '+447700900500' } })).toBe(0);
    });
  });
});
