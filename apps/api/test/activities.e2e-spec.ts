import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { addApiKey, seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';

describe('GET /api/activities', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let tenant: SeededTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    tenant = await seedTenant(prisma, { channel: false });
    app = await createApiApp(
      testConfig({
        DATABASE_URL: db.url,
        LEADLINE_ACTIVITIES: join(__dirname, 'fixtures', 'book-slot.activity.ts'),
      }),
    );
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('serves the manifest of the built-in and configured activities, by name', async () => {
    const { key } = await addApiKey(prisma, tenant.id, ['activities:read']);
    const response = await request(app.getHttpServer())
      .get('/api/activities')
      .set('authorization', `Bearer ${key}`)
      .expect(200);
    const names = response.body.activities.map((activity: { name: string }) => activity.name);
    expect(names).toEqual(['book-slot', 'crm-upsert-lead', 'score-lead']);
    expect(response.body.activities[0]).toEqual({
      name: 'book-slot',
      title: 'Book a slot',
      description: 'Books the first free slot on the calendar.',
      input: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          day: {
            type: 'string',
            format: 'date',
            pattern: expect.any(String),
            description: 'The day, YYYY-MM-DD',
          },
        },
        required: ['day'],
      },
      output: expect.objectContaining({ properties: { slot: { type: 'string' } }, required: ['slot'] }),
      secrets: ['calendar_token'],
      timeoutMs: 15_000,
      retry: { attempts: 3, backoffMs: 2_000 },
    });
    const score = response.body.activities[2];
    expect(score.input.properties.timeline).toMatchObject({
      enum: ['now', 'this_month', 'this_quarter', 'later', 'unknown'],
      default: 'unknown',
    });
  });

  it('needs a key with activities:read', async () => {
    await request(app.getHttpServer()).get('/api/activities').expect(401);
    const { key } = await addApiKey(prisma, tenant.id, ['runs:read']);
    await request(app.getHttpServer())
      .get('/api/activities')
      .set('authorization', `Bearer ${key}`)
      .expect(403);
  });

  it('refuses to publish a flow whose activity node names an activity the server does not run', async () => {
    const { key } = await addApiKey(prisma, tenant.id, ['flows:read', 'flows:write', 'flows:publish']);
    const call = (method: 'post' | 'put', path: string, body?: object) =>
      request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${key}`).send(body);
    const flow = (activity: string) => ({
      format: 'leadline.flow/v1',
      id: 'scoring',
      name: 'Scoring',
      nodes: [
        { id: 'start', type: 'trigger', data: { on: 'message' } },
        { id: 'score', type: 'activity', data: { name: activity, input: { budget: '{{message.text}}' } } },
      ],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'score' }],
    });
    const created = await call('post', '/api/flows', { document: flow('score-leads') }).expect(201);
    const refused = await call('post', `/api/flows/${created.body.id}/publish`).expect(422);
    expect(refused.body.error.details).toEqual([
      expect.stringMatching(
        /UNKNOWN_ACTIVITY.*custom activity "score-leads" is not registered on this server/,
      ),
    ]);
    await call('put', `/api/flows/${created.body.id}/draft`, { document: flow('score-lead') }).expect(200);
    await call('post', `/api/flows/${created.body.id}/publish`).expect(200);
  });
});
