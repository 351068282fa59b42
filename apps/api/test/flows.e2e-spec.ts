import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
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

const EDITOR_SCOPES = ['flows:read', 'flows:write', 'flows:publish', 'templates:read'];

describe('/api/flows', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let globex: SeededTenant;
  let key: string;
  let readOnlyKey: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [exampleFlow('lead-capture')] });
    globex = await seedTenant(prisma, { flows: [exampleFlow('no-reply-follow-up')] });
    key = (await addApiKey(prisma, acme.id, EDITOR_SCOPES)).key;
    readOnlyKey = (await addApiKey(prisma, acme.id, ['flows:read'])).key;
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const call = (method: 'get' | 'post' | 'put', path: string, body?: object, bearer = key) => {
    const req = request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${bearer}`);
    return body === undefined ? req : req.send(body);
  };

  const draft = (id: string, extra: Record<string, unknown> = {}) => ({
    format: 'leadline.flow/v1',
    id,
    name: `Flow ${id}`,
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'message' } },
      { id: 'hello', type: 'message', position: { x: 0, y: 120 }, data: { text: 'Hi {{contact.name}}' } },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'hello' }],
    ...extra,
  });

  it('lists only the caller tenant flows, with their active version', async () => {
    const response = await call('get', '/api/flows').expect(200);
    expect(response.body).toEqual([
      expect.objectContaining({ key: 'lead-capture', activeVersion: 1, archived: false }),
    ]);
    // Another tenant's flow is not found, not forbidden.
    await call('get', `/api/flows/${globex.flows['no-reply-follow-up'].flowId}`).expect(404);
    await call('get', '/api/flows/not-a-uuid').expect(404);
  });

  it('creates, saves, diffs, publishes, lists versions and refuses a draft with errors', async () => {
    const created = await call('post', '/api/flows', { document: draft('welcome') }).expect(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ key: 'welcome', activeVersion: null, unpublishedChanges: true });
    await call('post', '/api/flows', { document: draft('welcome') }).expect(409);
    await call('post', '/api/flows', { document: { id: 'Bad Id', name: 'x' } })
      .expect(400)
      .expect((res) => expect(res.body.error.details).toEqual([expect.stringContaining('document.id')]));

    // Nothing published: the whole draft is new.
    const first = await call('get', `/api/flows/${id}/diff`).expect(200);
    expect(first.body.nodes.added).toEqual(['start', 'hello']);

    const v1 = await call('post', `/api/flows/${id}/publish`).expect(200);
    expect(v1.body).toMatchObject({ version: 1, created: true });

    // A broken draft is saved (work in progress) but cannot be published.
    const broken = draft('welcome', {
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'nowhere' }],
    });
    await call('put', `/api/flows/${id}/draft`, { document: broken }).expect(200);
    const refused = await call('post', `/api/flows/${id}/publish`).expect(422);
    expect(refused.body.error.code).toBe('FLOW_INVALID');
    expect(refused.body.error.details).toEqual(
      expect.arrayContaining([expect.stringContaining('DANGLING_EDGE')]),
    );

    const edited = draft('welcome');
    edited.nodes[1].data = { text: 'Hello there' };
    edited.nodes.push({ id: 'bye', type: 'end', position: { x: 0, y: 240 }, data: {} } as never);
    edited.edges.push({ id: 'e2', source: 'hello', sourceHandle: 'next', target: 'bye' });
    const saved = await call('put', `/api/flows/${id}/draft`, { document: edited }).expect(200);
    expect(saved.body.unpublishedChanges).toBe(true);
    const diff = await call('get', `/api/flows/${id}/diff?from=active&to=draft`).expect(200);
    expect(diff.body.nodes).toEqual({
      added: ['bye'],
      removed: [],
      changed: [{ id: 'hello', fields: ['data'] }],
    });
    expect(diff.body.edges.added).toEqual(['e2']);

    await call('post', `/api/flows/${id}/publish`)
      .expect(200)
      .expect((res) => expect(res.body.version).toBe(2));
    const audited = await withTenant(prisma, acme.id, (tx) =>
      tx.auditLog.findMany({ where: { action: 'flow.published', targetId: id }, orderBy: { at: 'asc' } }),
    );
    expect(audited.map((row) => (row.data as { version: number }).version)).toEqual([1, 2]);
    const versions = await call('get', `/api/flows/${id}/versions`).expect(200);
    expect(versions.body.map((v: { version: number; active: boolean }) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
    ]);
    const between = await call('get', `/api/flows/${id}/diff?from=1&to=2`).expect(200);
    expect(between.body.nodes.added).toEqual(['bye']);
    await call('get', `/api/flows/${id}/diff?from=7`).expect(404);
    const v1Body = await call('get', `/api/flows/${id}/versions/1`).expect(200);
    expect(v1Body.body.definition.nodes).toHaveLength(2);

    const reloaded = await call('get', `/api/flows/${id}`).expect(200);
    expect(reloaded.body).toMatchObject({ unpublishedChanges: false, activeVersion: 2 });
    expect(reloaded.body.draft).toEqual(edited);
  });

  it('refuses a save from a stale copy (409 DRAFT_CONFLICT) and keeps the newer draft', async () => {
    const created = await call('post', '/api/flows', { document: draft('two-tabs') }).expect(201);
    const id = created.body.id as string;
    expect(created.body.revision).toBe(1);
    // Tab A saves over revision 1; tab B, still at revision 1, is refused and A's text stays.
    const mine = draft('two-tabs');
    mine.nodes[1].data = { text: 'From tab A' };
    const saved = await call('put', `/api/flows/${id}/draft`, { document: mine, baseRevision: 1 }).expect(
      200,
    );
    expect(saved.body.revision).toBe(2);
    const theirs = draft('two-tabs');
    theirs.nodes[1].data = { text: 'From tab B' };
    const refused = await call('put', `/api/flows/${id}/draft`, { document: theirs, baseRevision: 1 }).expect(
      409,
    );
    expect(refused.body.error.code).toBe('DRAFT_CONFLICT');
    const stored = await call('get', `/api/flows/${id}`).expect(200);
    expect(stored.body.draft.nodes[1].data).toEqual({ text: 'From tab A' });
    expect(stored.body.revision).toBe(2);
    // Saving over the newer revision on purpose works; without a base revision the save overwrites.
    await call('put', `/api/flows/${id}/draft`, { document: theirs, baseRevision: 2 }).expect(200);
    await call('put', `/api/flows/${id}/draft`, { document: mine })
      .expect(200)
      .expect((res) => expect(res.body.revision).toBe(4));
  });

  it("lets an unpublished flow take a new free id, and keeps a published flow's id", async () => {
    const created = await call('post', '/api/flows', { document: draft('untitled-flow-9') }).expect(201);
    const id = created.body.id as string;
    const renamed = await call('put', `/api/flows/${id}/draft`, { document: draft('spring-promo') }).expect(
      200,
    );
    expect(renamed.body).toMatchObject({ key: 'spring-promo' });
    expect(renamed.body.draft.id).toBe('spring-promo');
    await call('put', `/api/flows/${id}/draft`, { document: draft('lead-capture') })
      .expect(409)
      .expect((res) => expect(res.body.error.code).toBe('FLOW_EXISTS'));
    await call('post', `/api/flows/${id}/publish`).expect(200);
    const kept = await call('put', `/api/flows/${id}/draft`, { document: draft('other-id') }).expect(200);
    expect(kept.body).toMatchObject({ key: 'spring-promo' });
    expect(kept.body.draft.id).toBe('spring-promo');
  });

  it("names the live flows that already own one of the draft's keywords", async () => {
    const keyword = (id: string, keywords: string[]) =>
      draft(id, {
        nodes: [
          { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { on: 'keyword', keywords } },
          { id: 'hello', type: 'message', position: { x: 0, y: 120 }, data: { text: 'Hi' } },
        ],
      });
    const live = await call('post', '/api/flows', {
      document: keyword('promo-live', ['promo', 'sale']),
    }).expect(201);
    await call('post', `/api/flows/${live.body.id}/publish`).expect(200);
    // A draft that is not published does not own its keywords yet.
    await call('post', '/api/flows', { document: keyword('promo-draft-only', ['Promo!']) }).expect(201);
    const mine = await call('post', '/api/flows', {
      document: keyword('promo-new', ['Promo!', 'winter']),
    }).expect(201);
    const conflicts = await call('get', `/api/flows/${mine.body.id}/keyword-conflicts`).expect(200);
    expect(conflicts.body).toEqual([
      { flowId: live.body.id, key: 'promo-live', name: 'Flow promo-live', keywords: ['Promo!'] },
    ]);
  });

  it('duplicates a flow as a new unpublished draft with a free id', async () => {
    const source = acme.flows['lead-capture'].flowId;
    const copy = await call('post', `/api/flows/${source}/duplicate`, {}).expect(201);
    expect(copy.body).toMatchObject({ key: 'lead-capture-copy', activeVersion: null });
    expect(copy.body.draft.id).toBe('lead-capture-copy');
    const again = await call('post', `/api/flows/${source}/duplicate`, {}).expect(201);
    expect(again.body.key).toBe('lead-capture-copy-2');
  });

  it('archives and unarchives; archived flows leave the default list', async () => {
    const created = await call('post', '/api/flows', { document: draft('old-one') }).expect(201);
    await call('post', `/api/flows/${created.body.id}/archive`).expect(200);
    const listed = await call('get', '/api/flows').expect(200);
    expect(listed.body.map((flow: { key: string }) => flow.key)).not.toContain('old-one');
    const all = await call('get', '/api/flows?archived=true').expect(200);
    expect(all.body.find((flow: { key: string }) => flow.key === 'old-one').archived).toBe(true);
    await call('post', `/api/flows/${created.body.id}/unarchive`).expect(200);
  });

  it('needs the right permission for each action', async () => {
    await call('get', '/api/flows', undefined, readOnlyKey).expect(200);
    await call('post', '/api/flows', { document: draft('nope') }, readOnlyKey).expect(403);
    await call(
      'post',
      `/api/flows/${acme.flows['lead-capture'].flowId}/publish`,
      undefined,
      readOnlyKey,
    ).expect(403);
    await request(app.getHttpServer()).get('/api/flows').expect(401);
  });

  it('counts the runs that reached each node and left by each port, and the drop-off', async () => {
    const { flowId, versionId } = acme.flows['lead-capture'];
    // Three runs: all enter start; two go on to ask_name; one of them answers.
    const runs: string[] = [];
    for (const phone of ['+447700900001', '+447700900002', '+447700900003']) {
      const contactId = await seedContact(prisma, acme.id, phone);
      runs.push(await seedRun(prisma, acme, { flowKey: 'lead-capture', contactId }));
    }
    const failure = {
      code: 'ACTIVITY_TIMEOUT',
      message: '"lookup" did not finish within 10 s.',
      attempts: 3,
    };
    const events: Array<[number, string, string, string | null, object?]> = [
      [0, 'node.enter', 'start', null],
      [0, 'node.exit', 'start', 'next'],
      [0, 'node.enter', 'ask_name', null],
      [0, 'node.exit', 'ask_name', 'answered'],
      [1, 'node.enter', 'start', null],
      [1, 'node.exit', 'start', 'next'],
      [1, 'node.enter', 'ask_name', null],
      // Why a step left by error is on its exit (what the engine's persistTransition records).
      [1, 'node.exit', 'ask_name', 'error', { error: failure }],
      [2, 'node.enter', 'start', null],
    ];
    await withTenant(prisma, acme.id, (tx) =>
      tx.runEvent.createMany({
        data: events.map(([run, type, nodeId, port, data], seq) => ({
          tenantId: acme.id,
          runId: runs[run],
          flowId,
          flowVersionId: versionId,
          seq: seq + 1,
          type,
          nodeId,
          port,
          ...(data ? { data } : {}),
        })),
      }),
    );
    const response = await call('get', `/api/flows/${flowId}/analytics`).expect(200);
    expect(response.body).toMatchObject({ version: 1, runs: 3 });
    expect(response.body.nodes).toEqual([
      expect.objectContaining({
        nodeId: 'start',
        reached: 3,
        ports: { next: 2 },
        dropOff: 1,
        dropOffRate: 1 / 3,
        errors: [],
      }),
      expect.objectContaining({
        nodeId: 'ask_name',
        reached: 2,
        ports: { answered: 1, error: 1 },
        dropOff: 0,
        dropOffRate: 0,
        errors: [{ code: 'ACTIVITY_TIMEOUT', runs: 1, lastMessage: failure.message }],
      }),
      // A question with buttons nobody reached yet: its buttons, none tapped.
      expect.objectContaining({
        nodeId: 'ask_need',
        reached: 0,
        options: [
          { id: 'home', title: 'Home solar', taps: 0 },
          { id: 'business', title: 'Business solar', taps: 0 },
          { id: 'battery', title: 'Battery only', taps: 0 },
        ],
      }),
    ]);
  });

  it('lists the synced templates with their parameter slots', async () => {
    await withTenant(prisma, acme.id, (tx) =>
      tx.template.create({
        data: {
          tenantId: acme.id,
          channelId: acme.channelId!,
          name: 'follow_up',
          language: 'en',
          category: 'marketing',
          status: 'approved',
          components: [{ type: 'BODY', text: 'Hi {{1}}, still keen on {{2}}?' }],
        } as never,
      }),
    );
    const response = await call('get', '/api/flow-templates').expect(200);
    expect(response.body).toEqual([
      expect.objectContaining({ name: 'follow_up', language: 'en', bodyParams: 2 }),
    ]);
  });
});
