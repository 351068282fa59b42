import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection, QUEUE_PREFIX } from '@leadline/engine';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import {
  addApiKey,
  exampleFlow,
  seedContact,
  seedRun,
  seedTenant,
  type SeededTenant,
} from './support/api-seed';
import { testConfig } from './support/test-config';

interface ListedRun {
  id: string;
  flowKey: string;
  flowVersion: number;
  contactId: string;
  contactPhone: string;
  status: string;
}

describe('/api/runs', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let wakeups: Queue;
  let acme: SeededTenant;
  let globex: SeededTenant;
  /** acme's runs, newest first, as the list must return them. */
  let expected: Array<{ id: string; flowKey: string; status: string; phone: string; contactId: string }>;
  let globexRun: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, {
      flows: [exampleFlow('no-reply-follow-up'), exampleFlow('lead-capture')],
    });
    globex = await seedTenant(prisma, { flows: [exampleFlow('lead-capture')] });

    // Twelve runs: several share a millisecond (and one its microsecond) so pages must not rely on ms.
    const plan: Array<[string, 'waiting' | 'completed' | 'handoff' | 'failed', string]> = [
      ['no-reply-follow-up', 'waiting', '2026-03-01 10:00:00.000100+00'],
      ['no-reply-follow-up', 'completed', '2026-03-01 10:00:00.000200+00'],
      ['lead-capture', 'waiting', '2026-03-01 10:00:00.000200+00'],
      ['lead-capture', 'handoff', '2026-03-01 10:00:00.000900+00'],
      ['no-reply-follow-up', 'failed', '2026-03-01 10:00:00.001000+00'],
      ['lead-capture', 'completed', '2026-03-01 09:59:59.999999+00'],
      ['no-reply-follow-up', 'handoff', '2026-03-02 08:00:00+00'],
      ['lead-capture', 'waiting', '2026-03-02 08:00:01+00'],
      ['no-reply-follow-up', 'waiting', '2026-02-28 23:00:00+00'],
      ['lead-capture', 'failed', '2026-02-27 12:00:00.5+00'],
      ['no-reply-follow-up', 'completed', '2026-02-27 12:00:00.5+00'],
      ['lead-capture', 'waiting', '2026-01-01 00:00:00+00'],
    ];
    const runs: Array<{
      id: string;
      flowKey: string;
      status: string;
      phone: string;
      contactId: string;
      at: string;
    }> = [];
    for (const [index, [flowKey, status, at]] of plan.entries()) {
      const phone = `+4477009${String(index).padStart(5, '0')}`;
      const contactId = await seedContact(prisma, acme.id, phone);
      const id = await seedRun(prisma, acme, {
        flowKey,
        contactId,
        status,
        startedAt: at,
        currentNode: 'start',
      });
      runs.push({ id, flowKey, status, phone, contactId, at });
    }
    // The expected order comes from PostgreSQL itself: started_at (to the microsecond) then id, descending.
    const rows = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM flow_runs WHERE tenant_id = ${acme.id}::uuid ORDER BY started_at DESC, id DESC`;
    expected = rows.map((row) => runs.find((run) => run.id === row.id)!);

    const globexContact = await seedContact(prisma, globex.id, '+15550109999');
    globexRun = await seedRun(prisma, globex, {
      flowKey: 'lead-capture',
      contactId: globexContact,
      status: 'waiting',
    });

    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    wakeups = new Queue('contacts', { connection: bullConnection(testRedisUrl()), prefix: QUEUE_PREFIX });
    await wakeups.obliterate({ force: true });
  });

  afterAll(async () => {
    await wakeups?.obliterate({ force: true });
    await wakeups?.close();
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const get = (path: string, key = acme.key.key) =>
    request(app.getHttpServer()).get(path).set('Authorization', `Bearer ${key}`);
  const post = (path: string, body?: object, key = acme.key.key) => {
    const req = request(app.getHttpServer()).post(path).set('Authorization', `Bearer ${key}`);
    return body === undefined ? req : req.send(body);
  };
  const controlEvents = (runId: string) =>
    prisma.contactEvent.findMany({
      where: { kind: 'control', payload: { path: ['runId'], equals: runId } },
      orderBy: { id: 'asc' },
    });

  describe('authentication', () => {
    it('answers 401 without a key and 403 without the scope', async () => {
      await request(app.getHttpServer()).get('/api/runs').expect(401);
      await request(app.getHttpServer()).post(`/api/runs/${expected[0].id}/cancel`).expect(401);
      const writer = await addApiKey(prisma, acme.id, ['leads:write']);
      expect((await get('/api/runs', writer.key).expect(403)).body.error.code).toBe('FORBIDDEN');
      expect((await get(`/api/runs/${expected[0].id}`, writer.key).expect(403)).body.error.message).toContain(
        'runs:read',
      );
      const reader = await addApiKey(prisma, acme.id, ['runs:read']);
      await get('/api/runs', reader.key).expect(200);
      const res = await post(`/api/runs/${expected[0].id}/cancel`, {}, reader.key).expect(403);
      expect(res.body.error.message).toContain('runs:write');
      expect(await controlEvents(expected[0].id)).toEqual([]);
    });
  });

  describe('GET /api/runs', () => {
    it('lists the tenant’s runs newest first with flow, version and contact, 25 by default', async () => {
      const res = await get('/api/runs').expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.data.map((run: ListedRun) => run.id)).toEqual(expected.map((run) => run.id));
      expect(res.body.data.map((run: ListedRun) => run.id)).not.toContain(globexRun);
      const newest = expected[0];
      expect(res.body.data[0]).toEqual({
        id: newest.id,
        flowKey: newest.flowKey,
        flowVersion: 1,
        contactId: newest.contactId,
        contactPhone: newest.phone,
        status: newest.status,
        currentNode: 'start',
        startedAt: '2026-03-02T08:00:01.000Z',
        updatedAt: expect.any(String),
        endedAt: null,
        error: null,
      });
    });

    it('pages through every run exactly once with an opaque cursor, even within one millisecond', async () => {
      for (const limit of [1, 2, 5]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: Record<string, string | number> = { limit };
          if (cursor) query.cursor = cursor;
          const res = await get('/api/runs').query(query).expect(200);
          expect(res.body.data.length).toBeLessThanOrEqual(limit);
          seen.push(...res.body.data.map((run: ListedRun) => run.id));
          cursor = res.body.nextCursor;
          if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
          pages += 1;
        } while (cursor && pages < 50);
        expect(seen).toEqual(expected.map((run) => run.id));
        expect(pages).toBe(Math.ceil(expected.length / limit));
      }
    });

    it('filters by status, by flow, by contact phone or id, and combines filters', async () => {
      const ids = async (query: Record<string, string>) =>
        (await get('/api/runs').query(query).expect(200)).body.data.map((run: ListedRun) => run.id);
      const where = (test: (run: (typeof expected)[number]) => boolean) =>
        expected.filter(test).map((run) => run.id);

      expect(await ids({ status: 'waiting' })).toEqual(where((run) => run.status === 'waiting'));
      expect(await ids({ status: 'waiting,handoff' })).toEqual(
        where((run) => run.status === 'waiting' || run.status === 'handoff'),
      );
      expect(await ids({ flow: 'lead-capture' })).toEqual(where((run) => run.flowKey === 'lead-capture'));
      expect(await ids({ flow: 'lead-capture', status: 'waiting' })).toEqual(
        where((run) => run.flowKey === 'lead-capture' && run.status === 'waiting'),
      );
      const target = expected[3];
      expect(await ids({ contact: target.phone })).toEqual([target.id]);
      expect(await ids({ contact: target.phone.replace(/^(\+44)(\d{4})/, '$1 $2 ') })).toEqual([target.id]);
      expect(await ids({ contact: target.contactId })).toEqual([target.id]);
      expect(await ids({ flow: 'unknown-flow' })).toEqual([]);
      expect(await ids({ status: '' })).toEqual(expected.map((run) => run.id));
    });

    it('does not show another tenant’s runs, whatever the filter', async () => {
      const res = await get('/api/runs').query({ contact: '+15550109999' }).expect(200);
      expect(res.body.data).toEqual([]);
      const theirs = await get('/api/runs', globex.key.key).expect(200);
      expect(theirs.body.data.map((run: ListedRun) => run.id)).toEqual([globexRun]);
    });

    it.each([
      [{ limit: '0' }, 'limit: must be a whole number from 1 to 100'],
      [{ limit: '101' }, 'limit: must be a whole number from 1 to 100'],
      [{ limit: 'ten' }, 'limit: must be a whole number from 1 to 100'],
      [{ limit: '2.5' }, 'limit: must be a whole number from 1 to 100'],
      [{ status: 'paused' }, 'status: must be one or more of running, waiting'],
      [{ status: 'waiting,nope' }, 'status: must be one or more of'],
      [{ flow: 'Lead Capture' }, 'flow: must be a flow key'],
      [{ contact: 'ana' }, 'contact: must be a contact id or an E.164 phone number'],
      [{ cursor: 'not-a-cursor' }, 'cursor: is not a cursor this API returned'],
      [{ cursor: Buffer.from('["2026-01-01", "x"]').toString('base64url') }, 'cursor: is not a cursor'],
      [{ sort: 'asc' }, 'sort: is not a known field'],
    ])('answers 400 naming the parameter for %j', async (query, detail) => {
      const res = await get('/api/runs').query(query).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([expect.stringContaining(detail)]);
    });
  });

  describe('GET /api/runs/:id', () => {
    it('returns the run with its events in order and its messages', async () => {
      const contactId = await seedContact(prisma, acme.id, '+447700955555');
      const conversation = await prisma.conversation.create({
        data: { tenantId: acme.id, contactId, channelId: acme.channelId! },
      });
      const runId = await seedRun(prisma, acme, {
        flowKey: 'no-reply-follow-up',
        contactId,
        status: 'waiting',
        conversationId: conversation.id,
        currentNode: 'welcome',
        startedAt: '2026-03-03 09:00:00+00',
      });
      const flow = acme.flows['no-reply-follow-up'];
      for (const [seq, type, nodeId, at] of [
        [2, 'node.exit', 'start', '2026-03-03 09:00:00.002+00'],
        [1, 'node.enter', 'start', '2026-03-03 09:00:00.001+00'],
        [3, 'node.enter', 'welcome', '2026-03-03 09:00:00.003+00'],
      ] as const) {
        await prisma.runEvent.create({
          data: {
            tenantId: acme.id,
            runId,
            flowId: flow.flowId,
            flowVersionId: flow.versionId,
            seq,
            type,
            nodeId,
            at: new Date(at.replace(' ', 'T').replace('+00', 'Z')),
            ...(seq === 2 ? { port: 'next' } : {}),
          },
        });
      }
      const message = (data: Record<string, unknown>) =>
        prisma.message.create({
          data: {
            tenantId: acme.id,
            conversationId: conversation.id,
            contactId,
            channelId: acme.channelId!,
            ...data,
          } as Parameters<PrismaClient['message']['create']>[0]['data'],
        });
      const before = await message({
        direction: 'in',
        type: 'text',
        body: { type: 'text', text: 'before the run' },
        status: 'received',
        createdAt: new Date('2026-03-03T08:59:00Z'),
      });
      const sent = await message({
        direction: 'out',
        type: 'template',
        body: { type: 'template', template: { name: 'lead_welcome', language: 'en' } },
        status: 'delivered',
        templateName: 'lead_welcome',
        runId,
        createdAt: new Date('2026-03-03T09:00:01Z'),
        sentAt: new Date('2026-03-03T09:00:02Z'),
        deliveredAt: new Date('2026-03-03T09:00:03Z'),
      });
      const reply = await message({
        direction: 'in',
        type: 'text',
        body: { type: 'text', text: 'yes please' },
        status: 'received',
        createdAt: new Date('2026-03-03T09:05:00Z'),
      });

      const res = await get(`/api/runs/${runId}`).expect(200);
      expect(res.body).toMatchObject({
        id: runId,
        flowKey: 'no-reply-follow-up',
        flowVersion: 1,
        contactId,
        contactPhone: '+447700955555',
        status: 'waiting',
        currentNode: 'welcome',
        conversationId: conversation.id,
        startedAt: '2026-03-03T09:00:00.000Z',
      });
      expect(res.body.events).toEqual([
        { seq: 1, at: '2026-03-03T09:00:00.001Z', type: 'node.enter', nodeId: 'start', port: null, data: {} },
        {
          seq: 2,
          at: '2026-03-03T09:00:00.002Z',
          type: 'node.exit',
          nodeId: 'start',
          port: 'next',
          data: {},
        },
        {
          seq: 3,
          at: '2026-03-03T09:00:00.003Z',
          type: 'node.enter',
          nodeId: 'welcome',
          port: null,
          data: {},
        },
      ]);
      expect(res.body.messages.map((m: { id: string }) => m.id)).toEqual([sent.id, reply.id]);
      expect(res.body.messages.map((m: { id: string }) => m.id)).not.toContain(before.id);
      expect(res.body.messages[0]).toEqual({
        id: sent.id,
        direction: 'out',
        type: 'template',
        status: 'delivered',
        body: { type: 'template', template: { name: 'lead_welcome', language: 'en' } },
        templateName: 'lead_welcome',
        errorCode: null,
        errorMessage: null,
        createdAt: '2026-03-03T09:00:01.000Z',
        sentAt: '2026-03-03T09:00:02.000Z',
        deliveredAt: '2026-03-03T09:00:03.000Z',
        readAt: null,
        failedAt: null,
      });
      expect(res.body.messages[1]).toMatchObject({ direction: 'in', body: { text: 'yes please' } });
    });

    it('answers 404 RUN_NOT_FOUND for another tenant’s run, an unknown id and a malformed id', async () => {
      for (const id of [globexRun, '7f1c1d2e-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await get(`/api/runs/${id}`).expect(404);
        expect(res.body.error.code).toBe('RUN_NOT_FOUND');
      }
      await get(`/api/runs/${globexRun}`, globex.key.key).expect(200);
    });
  });

  describe('POST /api/runs/:id/cancel and /resume', () => {
    const auditRows = (runId: string) =>
      prisma.auditLog.findMany({ where: { targetType: 'run', targetId: runId }, orderBy: { at: 'asc' } });

    it('cancel answers 202, records a control event for the engine, audits it and wakes a worker', async () => {
      const run = expected.find((candidate) => candidate.status === 'waiting')!;
      const res = await post(`/api/runs/${run.id}/cancel`, { reason: 'Customer called in' }).expect(202);
      expect(res.body).toEqual({ runId: run.id, action: 'cancel', status: 'waiting' });

      const events = await controlEvents(run.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        tenantId: acme.id,
        contactId: run.contactId,
        payload: { action: 'cancel', runId: run.id, reason: 'Customer called in' },
        processedAt: null,
      });
      expect(await auditRows(run.id)).toEqual([
        expect.objectContaining({
          tenantId: acme.id,
          actorApiKeyId: acme.key.id,
          action: 'run.cancel_requested',
          data: { via: 'api', action: 'cancel', reason: 'Customer called in' },
        }),
      ]);
      const jobs = await wakeups.getJobs(['waiting', 'delayed', 'prioritized']);
      expect(jobs.map((job) => job.data)).toContainEqual({ tenantId: acme.id, contactId: run.contactId });
      // The engine applies the event later: the run itself is untouched until then.
      expect((await prisma.flowRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe('waiting');
    });

    it('cancel works without a body', async () => {
      const run = expected.filter((candidate) => candidate.status === 'waiting')[1];
      await post(`/api/runs/${run.id}/cancel`).expect(202);
      expect((await controlEvents(run.id)).map((event) => event.payload)).toEqual([
        { action: 'cancel', runId: run.id },
      ]);
    });

    it('resume of a handed-off run answers 202 and records the node to resume at', async () => {
      const run = expected.find(
        (candidate) => candidate.status === 'handoff' && candidate.flowKey === 'lead-capture',
      )!;
      const res = await post(`/api/runs/${run.id}/resume`, { nodeId: 'ask_name' }).expect(202);
      expect(res.body).toEqual({ runId: run.id, action: 'resume', status: 'handoff' });
      expect((await controlEvents(run.id)).map((event) => event.payload)).toEqual([
        { action: 'resume', runId: run.id, nodeId: 'ask_name' },
      ]);
      expect((await auditRows(run.id)).map((row) => row.action)).toEqual(['run.resume_requested']);
    });

    it('refuses what the engine would ignore or fail on, recording nothing', async () => {
      const ended = expected.find((run) => run.status === 'completed')!;
      const failed = expected.find((run) => run.status === 'failed')!;
      const waiting = expected.filter((run) => run.status === 'waiting')[2];
      const handoff = expected.find(
        (run) => run.status === 'handoff' && run.flowKey === 'no-reply-follow-up',
      )!;

      for (const run of [ended, failed]) {
        const res = await post(`/api/runs/${run.id}/cancel`).expect(409);
        expect(res.body.error).toMatchObject({
          code: 'RUN_ENDED',
          message: expect.stringContaining(run.status),
        });
      }
      expect((await post(`/api/runs/${waiting.id}/resume`).expect(409)).body.error.code).toBe(
        'RUN_NOT_IN_HANDOFF',
      );
      const unknownNode = await post(`/api/runs/${handoff.id}/resume`, { nodeId: 'no_such_node' }).expect(
        400,
      );
      expect(unknownNode.body.error).toMatchObject({
        code: 'UNKNOWN_NODE',
        message: expect.stringContaining('nodeId'),
      });
      for (const run of [ended, failed, waiting, handoff]) expect(await controlEvents(run.id)).toEqual([]);
      for (const run of [ended, failed, waiting, handoff]) expect(await auditRows(run.id)).toEqual([]);
    });

    it('answers 400 naming the field for a bad body', async () => {
      const handoff = expected.find((run) => run.status === 'handoff')!;
      const bad = [
        [`/api/runs/${handoff.id}/resume`, { nodeId: 'has spaces' }, 'nodeId: must be a node id'],
        [`/api/runs/${handoff.id}/resume`, { node: 'ask_name' }, 'node: is not a known field'],
        [`/api/runs/${handoff.id}/cancel`, { reason: 'x'.repeat(501) }, 'reason: must be at most 500'],
        [`/api/runs/${handoff.id}/cancel`, { reason: 7 }, 'reason: '],
      ] as const;
      for (const [path, body, detail] of bad) {
        const res = await post(path, body).expect(400);
        expect(res.body.error.details).toEqual([expect.stringContaining(detail)]);
      }
      expect(await controlEvents(handoff.id)).toEqual([]);
    });

    it('answers 404 RUN_NOT_FOUND for another tenant’s run and records nothing there', async () => {
      for (const action of ['cancel', 'resume']) {
        for (const id of [globexRun, '7f1c1d2e-0000-4000-8000-000000000000', 'nope']) {
          const res = await post(`/api/runs/${id}/${action}`, {}).expect(404);
          expect(res.body.error.code).toBe('RUN_NOT_FOUND');
        }
      }
      expect(await controlEvents(globexRun)).toEqual([]);
      expect(await prisma.auditLog.count({ where: { tenantId: globex.id } })).toBe(0);
    });
  });
});
