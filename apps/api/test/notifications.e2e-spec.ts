import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn } from './support/user-seed';

const subscription = (endpoint: string) => ({
  endpoint,
  expirationTime: null,
  keys: { p256dh: 'B'.repeat(87), auth: 'a'.repeat(22) },
});

describe('/api/notifications: own preferences, push opt-in, workspace settings', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let rival: SeededTenant;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma);
    rival = await seedTenant(prisma);
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
    for (const [name, tenant, role] of [
      ['owner', acme, 'owner'],
      ['admin', acme, 'admin'],
      ['editor', acme, 'editor'],
      ['agent', acme, 'agent'],
      ['rival', rival, 'agent'],
    ] as const) {
      const user = await seedUser(prisma, tenant.id, role);
      tokens[name] = (await signIn(app, tenant.slug, user.email)).accessToken;
    }
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${tokens[who]}` });

  it('returns defaults, saves a person’s choices and quiet hours, and names each event in plain words', async () => {
    const first = await http().get('/api/notifications/preferences').set(as('agent')).expect(200);
    expect(first.body.preferences).toEqual({ events: {}, quietHours: null, timeZone: 'UTC' });
    expect(first.body.events).toContainEqual({ type: 'lead.captured', label: 'A new lead arrives' });
    expect(first.body.pushPublicKey).toMatch(/^B[\w-]{86}$/);
    const choice = {
      events: { 'lead.captured': { email: false, push: true } },
      quietHours: { start: '22:00', end: '07:00' },
      timeZone: 'Europe/Lisbon',
    };
    const saved = await http()
      .put('/api/notifications/preferences')
      .set(as('agent'))
      .send(choice)
      .expect(200);
    expect(saved.body.preferences).toEqual(choice);
    // Another person's preferences are untouched.
    const owner = await http().get('/api/notifications/preferences').set(as('owner')).expect(200);
    expect(owner.body.preferences.events).toEqual({});
  });

  it('lists only the events a person can be notified of: no campaign, template or channel rows for an agent', async () => {
    const typesOf = async (who: string) =>
      (
        (await http().get('/api/notifications/preferences').set(as(who)).expect(200)).body.events as Array<{
          type: string;
        }>
      ).map((event) => event.type);
    const inbox = ['lead.captured', 'conversation.handoff', 'customer.replied', 'message.failed'];
    expect(await typesOf('agent')).toEqual(inbox);
    expect(await typesOf('admin')).toEqual([
      ...inbox,
      'campaign.finished',
      'template.rejected',
      'channel.quality_dropped',
    ]);
    // An editor writes campaigns and templates (hears of its own campaign and of templates), and is
    // told of a conversation only when it is assigned to them.
    expect(await typesOf('editor')).toEqual([
      'conversation.handoff',
      'customer.replied',
      'message.failed',
      'campaign.finished',
      'template.rejected',
    ]);
  });

  it('refuses bad preferences with a 400 naming each field, and keeps what was saved', async () => {
    const res = await http()
      .put('/api/notifications/preferences')
      .set(as('agent'))
      .send({
        events: { 'lead.captured': { email: 'yes', push: true } },
        quietHours: { start: '25:00', end: '07:00' },
        timeZone: 'Mars/Olympus',
      })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const text = JSON.stringify(res.body);
    expect(text).toContain('quietHours.start');
    expect(text).toContain('timeZone: must be an IANA time zone');
    const kept = await http().get('/api/notifications/preferences').set(as('agent')).expect(200);
    expect(kept.body.preferences.timeZone).toBe('Europe/Lisbon');
  });

  it('an API key has no preferences of its own', async () => {
    const res = await http()
      .get('/api/notifications/preferences')
      .set('Authorization', `Bearer ${acme.key.key}`)
      .expect(403);
    expect(res.body.error.code).toBe('USER_ONLY');
  });

  it('opts a browser in and out; nobody can remove another person’s or workspace’s browser', async () => {
    const endpoint = 'https://push.example.com/send/abc';
    await http()
      .post('/api/notifications/push-subscriptions')
      .set(as('agent'))
      .send(subscription(endpoint))
      .expect(204);
    expect(await prisma.pushSubscription.count({ where: { endpoint, tenantId: acme.id } })).toBe(1);
    await http()
      .post('/api/notifications/push-subscriptions')
      .set(as('agent'))
      .send({ endpoint: 'javascript:alert(1)', keys: { p256dh: 'x', auth: 'y' } })
      .expect(400);
    const foreign = await http()
      .delete('/api/notifications/push-subscriptions')
      .set(as('rival'))
      .send({ endpoint })
      .expect(404);
    expect(foreign.body.error.code).toBe('PUSH_SUBSCRIPTION_NOT_FOUND');
    await http()
      .delete('/api/notifications/push-subscriptions')
      .set(as('owner'))
      .send({ endpoint })
      .expect(404);
    await http()
      .delete('/api/notifications/push-subscriptions')
      .set(as('agent'))
      .send({ endpoint })
      .expect(204);
    expect(await prisma.pushSubscription.count({ where: { endpoint } })).toBe(0);
  });

  it('workspace settings: owners and admins change them, agents may not', async () => {
    const defaults = await http().get('/api/notifications/workspace').set(as('owner')).expect(200);
    expect(defaults.body).toEqual({
      digest: { enabled: true, threshold: 5, windowMinutes: 15 },
      includeMessageText: false,
    });
    const next = { digest: { enabled: true, threshold: 10, windowMinutes: 30 }, includeMessageText: true };
    await http().put('/api/notifications/workspace').set(as('owner')).send(next).expect(200, next);
    const refused = await http().put('/api/notifications/workspace').set(as('agent')).send(next).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    await http()
      .put('/api/notifications/workspace')
      .set(as('owner'))
      .send({ ...next, digest: { enabled: true, threshold: 0, windowMinutes: 30 } })
      .expect(400);
    // The rival workspace still has its own defaults.
    expect(await prisma.notificationSettings.count({ where: { tenantId: rival.id } })).toBe(0);
  });
});
