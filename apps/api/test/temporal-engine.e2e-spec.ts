import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { closedPort, createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { exampleFlow, seedTenant, type SeededTenant } from './support/api-seed';
import { LogCapture } from './support/log-capture';
import { testConfig } from './support/test-config';

describe('the API with LEADLINE_ENGINE=temporal and Temporal unreachable', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let logs: LogCapture;
  let acme: SeededTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma, { flows: [exampleFlow('no-reply-follow-up')] });
    logs = new LogCapture();
    app = await createApiApp(
      testConfig({
        DATABASE_URL: db.url,
        LEADLINE_ENGINE: 'temporal',
        TEMPORAL_ADDRESS: `127.0.0.1:${await closedPort()}`,
        LOG_LEVEL: 'debug',
      }),
      { logDestination: logs },
    );
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('accepts a lead quickly, keeps it in the inbox for the worker sweep, and says why', async () => {
    const started = Date.now();
    const res = await request(app.getHttpServer())
      .post('/api/leads')
      .set('Authorization', `Bearer ${acme.key.key}`)
      .send({ phone: '+447700900123', flow: 'no-reply-follow-up' });
    expect(res.status).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(10_000);
    const events = await prisma.contactEvent.findMany({ where: { kind: 'lead' } });
    expect(events).toHaveLength(1);
    expect(events[0].processedAt).toBeNull();
    expect(logs.raw.join('')).toContain('could not signal the contact workflow');
  });
});
