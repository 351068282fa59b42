import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { testConfig } from './support/test-config';
import { seedWorkspace, tokenFor, type Workspace } from './support/workspace-seed';

describe('campaigns REST API: import, segments, campaigns', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: Workspace;
  let globex: Workspace;
  const TEMPLATE = 'spring_offer';

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedWorkspace(prisma);
    globex = await seedWorkspace(prisma);
    await withTenant(prisma, acme.tenant.id, (tx) =>
      tx.template.create({
        data: {
          tenantId: acme.tenant.id,
          channelId: acme.channelId,
          name: TEMPLATE,
          language: 'en',
          category: 'marketing',
          status: 'approved',
          components: [{ type: 'BODY', text: 'Hi {{1}}, 20% off for {{2}} customers.' }],
        },
      }),
    );
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const token = (role: Parameters<typeof tokenFor>[2], workspace = acme) =>
    `Bearer ${tokenFor(app, workspace, role)}`;

  it('imports a CSV streamed as the body and reports the rejected lines; viewers may not', async () => {
    const csv = 'phone,name,city\n912 000 001,Rita,Lisbon\n912 000 002,Bruno,Porto\nnope,Bad,\n';
    const res = await http()
      .post('/api/contacts/import?country=PT&tag=spring&optIn=website')
      .set('Authorization', token('editor'))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(200);
    expect(res.body).toEqual({
      imported: 2,
      updated: 0,
      rejected: [{ line: 4, reason: expect.stringContaining('"nope" is not a valid phone number') }],
    });
    await http()
      .post('/api/contacts/import')
      .set('Authorization', token('viewer'))
      .set('Content-Type', 'text/csv')
      .send(csv)
      .expect(403);
    const bad = await http()
      .post('/api/contacts/import')
      .set('Authorization', token('editor'))
      .set('Content-Type', 'text/csv')
      .send('name\nAna\n')
      .expect(400);
    expect(bad.body.error.code).toBe('IMPORT_NO_PHONE_COLUMN');
    const json = await http()
      .post('/api/contacts/import')
      .set('Authorization', token('editor'))
      .send({ phone: '+351912000003' })
      .expect(415);
    expect(json.body.error.code).toBe('IMPORT_NOT_CSV');
  });

  it('counts a segment live, saves it, and refuses a malformed filter', async () => {
    const filter = {
      all: [
        { kind: 'tag', op: 'has', tag: 'spring' },
        { kind: 'field', key: 'city', op: 'equals', value: 'Porto' },
      ],
    };
    const count = await http()
      .post('/api/segments/count')
      .set('Authorization', token('viewer'))
      .send({ filter })
      .expect(200);
    expect(count.body).toEqual({ count: 1 });
    const injected = { kind: 'field', key: "city'; DROP TABLE contacts; --", op: 'exists' };
    await http()
      .post('/api/segments/count')
      .set('Authorization', token('viewer'))
      .send({ filter: injected })
      .expect(400);
    const tricky = { kind: 'field', key: 'city', op: 'equals', value: "Porto' OR '1'='1" };
    const none = await http()
      .post('/api/segments/count')
      .set('Authorization', token('viewer'))
      .send({ filter: tricky })
      .expect(200);
    expect(none.body).toEqual({ count: 0 });
    const saved = await http()
      .post('/api/segments')
      .set('Authorization', token('editor'))
      .send({ name: 'Porto spring', filter })
      .expect(201);
    const list = await http().get('/api/segments').set('Authorization', token('agent')).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: saved.body.id, name: 'Porto spring', count: 1 }),
    ]);
    const other = await http().get('/api/segments').set('Authorization', token('owner', globex)).expect(200);
    expect(other.body.items).toEqual([]);
  });

  it('previews the message as a contact reads it, creates, starts, pauses, resumes and cancels a campaign', async () => {
    const draft = {
      name: 'Spring offer',
      templateName: TEMPLATE,
      language: 'en',
      audience: { tags: ['spring'] },
      params: { body: [{ field: 'name' }, { value: 'loyal' }] },
    };
    const preview = await http()
      .post('/api/campaigns/preview')
      .set('Authorization', token('viewer'))
      .send({ templateName: TEMPLATE, language: 'en', audience: draft.audience, params: draft.params })
      .expect(200);
    expect(preview.body.count).toBe(2);
    expect(preview.body.samples.map((s: { text: string }) => s.text).sort()).toEqual([
      'Hi Bruno, 20% off for loyal customers.',
      'Hi Rita, 20% off for loyal customers.',
    ]);
    await http().post('/api/campaigns').set('Authorization', token('agent')).send(draft).expect(403);
    const wrong = await http()
      .post('/api/campaigns')
      .set('Authorization', token('editor'))
      .send({ ...draft, templateName: 'no_such_template' })
      .expect(422);
    expect(wrong.body.error.code).toBe('TEMPLATE_NOT_APPROVED');
    const created = await http()
      .post('/api/campaigns')
      .set('Authorization', token('editor'))
      .send(draft)
      .expect(201);
    const id = created.body.id as string;
    // The author is kept: they are told when it finishes (notifications).
    const stored = await withTenant(prisma, acme.tenant.id, (tx) =>
      tx.campaign.findUniqueOrThrow({ where: { id }, select: { createdByUserId: true } }),
    );
    expect(stored.createdByUserId).toBe(acme.users.editor.id);
    const started = await http()
      .post(`/api/campaigns/${id}/start`)
      .set('Authorization', token('editor'))
      .expect(200);
    expect(started.body).toEqual({ status: 'running' });
    const shown = await http().get(`/api/campaigns/${id}`).set('Authorization', token('viewer')).expect(200);
    expect(shown.body.stats).toMatchObject({ status: 'running', recipients: 2, pending: 2, sent: 0 });
    await http().post(`/api/campaigns/${id}/pause`).set('Authorization', token('editor')).expect(200);
    await http().post(`/api/campaigns/${id}/resume`).set('Authorization', token('editor')).expect(200);
    await http().post(`/api/campaigns/${id}/cancel`).set('Authorization', token('editor')).expect(200);
    const again = await http()
      .post(`/api/campaigns/${id}/resume`)
      .set('Authorization', token('editor'))
      .expect(409);
    expect(again.body.error.code).toBe('CAMPAIGN_STATE');
    const recipients = await http()
      .get(`/api/campaigns/${id}/recipients`)
      .set('Authorization', token('viewer'))
      .expect(200);
    expect(recipients.body.items.map((r: { state: string }) => r.state)).toEqual(['cancelled', 'cancelled']);
    await http().get(`/api/campaigns/${id}`).set('Authorization', token('owner', globex)).expect(404);
    const list = await http().get('/api/campaigns').set('Authorization', token('viewer')).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id, name: 'Spring offer', status: 'cancelled' }),
    ]);
  });
});
