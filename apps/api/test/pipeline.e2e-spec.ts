import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, publishFlowVersion, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import type { Role } from '../src/modules/auth/role-permissions';
import { testConfig } from './support/test-config';
import { seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

const REPO = path.resolve(__dirname, '../../..');

describe('pipeline stages and moving contacts (REST)', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    // A published thank-you flow (any published flow will do) for the "won" stage to start.
    const flow = JSON.parse(readFileSync(path.join(REPO, 'flows/lead-capture.flow.json'), 'utf8'));
    await withTenant(prisma, acme.tenant.id, (tx) =>
      publishFlowVersion(tx, {
        tenantId: acme.tenant.id,
        key: 'thank-you',
        name: 'Thank you',
        definition: flow,
      }),
    );
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = (role: Role) => {
    const token = tokenFor(app, acme, role);
    const server = app.getHttpServer();
    return {
      get: (url: string) => request(server).get(url).set('Authorization', `Bearer ${token}`),
      post: (url: string, body: object) =>
        request(server).post(url).set('Authorization', `Bearer ${token}`).send(body),
      put: (url: string, body: object) =>
        request(server).put(url).set('Authorization', `Bearer ${token}`).send(body),
      patch: (url: string, body: object) =>
        request(server).patch(url).set('Authorization', `Bearer ${token}`).send(body),
      delete: (url: string) => request(server).delete(url).set('Authorization', `Bearer ${token}`),
    };
  };

  it('adds, renames, reorders and removes stages; names are unique ignoring case; bad input is a 4xx', async () => {
    const admin = http('admin');
    const lead = (await admin.post('/api/pipeline/stages', { name: 'New lead' }).expect(201)).body;
    const won = (
      await admin
        .post('/api/pipeline/stages', { name: 'Won', color: '#16a34a', startFlowKey: 'thank-you' })
        .expect(201)
    ).body;
    const talk = (await admin.post('/api/pipeline/stages', { name: 'In talks', position: 1 }).expect(201))
      .body;
    expect(lead).toMatchObject({
      name: 'New lead',
      position: 0,
      contacts: 0,
      color: expect.stringMatching(/^#/),
    });
    const listed = (await admin.get('/api/pipeline/stages').expect(200)).body;
    expect(listed.map((stage: { name: string }) => stage.name)).toEqual(['New lead', 'In talks', 'Won']);
    expect(listed.map((stage: { position: number }) => stage.position)).toEqual([0, 1, 2]);

    const clash = await admin.post('/api/pipeline/stages', { name: 'won' }).expect(409);
    expect(clash.body.error.code).toBe('STAGE_EXISTS');
    const bad = await admin.post('/api/pipeline/stages', { name: ' ', color: 'green' }).expect(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^name:/),
        expect.stringMatching(/^color: must be a colour/),
      ]),
    );
    await admin.patch(`/api/pipeline/stages/${talk.id}`, { name: 'WON' }).expect(409);
    await admin.patch(`/api/pipeline/stages/${talk.id}`, { name: 'Talking' }).expect(200);

    const reordered = await admin
      .put('/api/pipeline/stages/order', { stageIds: [won.id, talk.id, lead.id] })
      .expect(200);
    expect(reordered.body.map((stage: { name: string }) => stage.name)).toEqual([
      'Won',
      'Talking',
      'New lead',
    ]);
    const partial = await admin.put('/api/pipeline/stages/order', { stageIds: [won.id] }).expect(400);
    expect(partial.body.error.details[0]).toMatch(/each of the 3 stages once/);

    await admin.delete(`/api/pipeline/stages/${lead.id}`).expect(204);
    await admin.delete(`/api/pipeline/stages/${lead.id}`).expect(404);
    const left = (await admin.get('/api/pipeline/stages').expect(200)).body;
    expect(left.map((stage: { position: number }) => stage.position)).toEqual([0, 1]);
  });

  it("an agent moves a contact: recorded with who and when, shown on the board, and the stage's flow starts once", async () => {
    const admin = http('admin');
    const agent = http('agent');
    const stages = (await admin.get('/api/pipeline/stages').expect(200)).body as Array<{
      id: string;
      name: string;
    }>;
    const talking = stages.find((stage) => stage.name === 'Talking')!;
    const won = stages.find((stage) => stage.name === 'Won')!;

    const first = await agent
      .put(`/api/contacts/${acme.contactId}/stage`, { stageId: talking.id })
      .expect(200);
    expect(first.body).toMatchObject({ changed: true, stage: { name: 'Talking' }, flow: null });
    const again = await agent
      .put(`/api/contacts/${acme.contactId}/stage`, { stageId: talking.id })
      .expect(200);
    expect(again.body.changed).toBe(false);

    const toWon = await agent.put(`/api/contacts/${acme.contactId}/stage`, { stageId: won.id }).expect(200);
    expect(toWon.body).toMatchObject({
      changed: true,
      flow: { key: 'thank-you', name: 'Thank you', started: true },
    });
    const leads = await withTenant(prisma, acme.tenant.id, (tx) =>
      tx.contactEvent.findMany({ where: { contactId: acme.contactId, kind: 'lead' } }),
    );
    expect(leads.map((event) => event.payload)).toEqual([expect.objectContaining({ flowKey: 'thank-you' })]);

    const board = (await agent.get('/api/pipeline/board').expect(200)).body as Array<{
      name: string;
      contacts: number;
      cards: Array<{ id: string; name: string }>;
    }>;
    expect(board.find((column) => column.name === 'Won')).toMatchObject({
      contacts: 1,
      cards: [{ id: acme.contactId, name: 'Ana' }],
    });

    const history = (await agent.get(`/api/contacts/${acme.contactId}/stage-changes`).expect(200)).body;
    expect(history).toEqual([
      expect.objectContaining({ from: 'Talking', to: 'Won', source: 'person', by: acme.users.agent.email }),
      expect.objectContaining({ from: null, to: 'Talking', source: 'person', by: acme.users.agent.email }),
    ]);
    const contact = (await agent.get(`/api/contacts/${acme.contactId}`).expect(200)).body;
    expect(contact.stage).toMatchObject({ name: 'Won' });
  });

  it('says why a stage flow did not start, keeps the move, and refuses unknown stages and contacts', async () => {
    const admin = http('admin');
    const broken = (
      await admin.post('/api/pipeline/stages', { name: 'Lost', startFlowKey: 'no-such-flow' }).expect(201)
    ).body;
    const moved = await admin
      .put(`/api/contacts/${acme.contactId}/stage`, { stageId: broken.id })
      .expect(200);
    expect(moved.body).toMatchObject({
      changed: true,
      flow: {
        key: 'no-such-flow',
        name: null,
        started: false,
        problem: expect.stringContaining('no-such-flow'),
      },
    });
    const missing = '00000000-0000-4000-8000-00000000dead';
    await admin.put(`/api/contacts/${acme.contactId}/stage`, { stageId: missing }).expect(404);
    await admin.put(`/api/contacts/${missing}/stage`, { stageId: broken.id }).expect(404);
    const invalid = await admin.put(`/api/contacts/${acme.contactId}/stage`, { stageId: 'won' }).expect(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');

    // Removing the stage takes its contacts out of the pipeline; the history keeps the name.
    await admin.delete(`/api/pipeline/stages/${broken.id}`).expect(204);
    const contact = (await admin.get(`/api/contacts/${acme.contactId}`).expect(200)).body;
    expect(contact.stage).toBeNull();
    const history = (await admin.get(`/api/contacts/${acme.contactId}/stage-changes`).expect(200)).body;
    expect(history[0]).toMatchObject({ from: 'Won', to: 'Lost' });
  });

  it('keeps internal notes on a contact: written by an agent, read by a viewer, refused when empty', async () => {
    await http('agent')
      .post(`/api/contacts/${acme.contactId}/notes`, { body: '  Prefers a call after 6pm.  ' })
      .expect(201);
    await http('agent')
      .post(`/api/contacts/${acme.contactId}/notes`, { body: 'Sent the brochure.' })
      .expect(201);
    const empty = await http('agent')
      .post(`/api/contacts/${acme.contactId}/notes`, { body: '   ' })
      .expect(400);
    expect(empty.body.error.details).toEqual(['body: must not be empty']);
    await http('viewer').post(`/api/contacts/${acme.contactId}/notes`, { body: 'x' }).expect(403);
    const notes = (await http('viewer').get(`/api/contacts/${acme.contactId}/notes`).expect(200)).body;
    expect(notes.map((note: { body: string; author: string }) => [note.body, note.author])).toEqual([
      ['Sent the brochure.', acme.users.agent.email],
      ['Prefers a call after 6pm.', acme.users.agent.email],
    ]);
  });
});
