// The queue dashboard (bull-board at /admin/queues): only owners and admins of the operator workspace
// (QUEUE_DASHBOARD_TENANT) get in, through a one-minute ticket swapped for a path-scoped cookie.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Queue } from 'bullmq';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { bullConnection } from '@leadline/engine';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn } from './support/user-seed';

describe('the queue dashboard', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let operator: SeededTenant;
  let customer: SeededTenant;
  let queue: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    operator = await seedTenant(prisma);
    customer = await seedTenant(prisma);
    queue = new Queue('notifications', { connection: bullConnection(testRedisUrl()), prefix: 'leadline' });
    await queue.add('deliver', { tenantId: customer.id }, { delay: 60_000 });
    app = await createApiApp(testConfig({ DATABASE_URL: db.url, QUEUE_DASHBOARD_TENANT: operator.slug }));
  });

  afterAll(async () => {
    await app?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const tokenOf = async (tenant: SeededTenant, role: 'owner' | 'admin' | 'editor') => {
    const user = await seedUser(prisma, tenant.id, role);
    return (await signIn(app, tenant.slug, user.email)).accessToken;
  };
  const ticket = (token: string) =>
    http().post('/api/queue-dashboard/ticket').set('Authorization', `Bearer ${token}`);

  it('lets nobody in without a session: the page and its API answer 401', async () => {
    await http().get('/admin/queues').expect(401);
    await http().get('/admin/queues/api/queues').expect(401);
    await http().get('/admin/queues').set('Cookie', 'leadline_queues=forged').expect(401);
    await http().get('/admin/queues?ticket=forged').expect(401);
  });

  it('gives tickets only to owners and admins of the operator workspace', async () => {
    await ticket(await tokenOf(operator, 'editor')).expect(403);
    await ticket(await tokenOf(customer, 'owner')).expect(403);
    const apiKey = await ticket(operator.key.key).expect(403);
    expect(apiKey.body.error.code).toBe('FORBIDDEN');
    await http().post('/api/queue-dashboard/ticket').expect(401);
    const admin = await ticket(await tokenOf(operator, 'admin')).expect(200);
    expect(admin.body).toEqual({
      url: expect.stringMatching(/^\/admin\/queues\?ticket=/),
      expiresInSeconds: 60,
    });
  });

  it('tells each caller through GET /api/auth/me whether they may open it, by the same rule as the ticket', async () => {
    const may = async (token: string) =>
      (await http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200)).body
        .capabilities;
    expect(await may(await tokenOf(operator, 'admin'))).toEqual({ queueDashboard: true });
    expect(await may(await tokenOf(operator, 'owner'))).toEqual({ queueDashboard: true });
    expect(await may(await tokenOf(operator, 'editor'))).toEqual({ queueDashboard: false });
    expect(await may(await tokenOf(customer, 'owner'))).toEqual({ queueDashboard: false });
    expect(await may(operator.key.key)).toEqual({ queueDashboard: false });
  });

  it('swaps a ticket for an HttpOnly, SameSite=Strict cookie sent only to the dashboard, which then lists every queue', async () => {
    const { body } = await ticket(await tokenOf(operator, 'owner')).expect(200);
    const opened = await http().get(body.url).expect(303);
    expect(opened.headers.location).toBe('/admin/queues');
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/^leadline_queues=[^;]+; /);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0];

    const page = await http().get('/admin/queues').set('Cookie', session).expect(200);
    expect(page.text).toContain('<!DOCTYPE html>');
    const queues = await http().get('/admin/queues/api/queues').set('Cookie', session).expect(200);
    const notifications = queues.body.queues.find((q: { name: string }) => q.name === 'notifications');
    expect(notifications.counts.delayed).toBe(1);
    // A ticket is not a session, and a session is not an access token for the API.
    await http()
      .get('/admin/queues/api/queues')
      .set('Cookie', `leadline_queues=${body.url.split('=')[1]}`)
      .expect(401);
  });

  it('is off unless QUEUE_DASHBOARD_TENANT names a workspace', async () => {
    const off = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    try {
      await request(off.getHttpServer()).get('/admin/queues').expect(404);
      const token = await tokenOf(operator, 'owner');
      const res = await request(off.getHttpServer())
        .post('/api/queue-dashboard/ticket')
        .set('Authorization', `Bearer ${token}`)
        .expect(404);
      expect(res.body.error.code).toBe('QUEUE_DASHBOARD_OFF');
      const me = await request(off.getHttpServer())
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(me.body.capabilities).toEqual({ queueDashboard: false });
    } finally {
      await off.close();
    }
  });
});
