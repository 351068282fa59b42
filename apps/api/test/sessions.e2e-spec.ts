import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { AccessTokenService } from '../src/modules/auth/access-token.service';
import { LoginThrottleService } from '../src/modules/sessions/login-throttle.service';
import { seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn, TEST_PASSWORD, type SeededUser } from './support/user-seed';

describe('/api/auth: sign-in, access tokens, refresh rotation, lockout', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;
  let owner: SeededUser;
  let viewer: SeededUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma);
    owner = await seedUser(prisma, acme.id, 'owner', 'Owner@Example.com');
    viewer = await seedUser(prisma, acme.id, 'viewer');
    app = await createApiApp(testConfig({ DATABASE_URL: db.url }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const login = (body: object) => http().post('/api/auth/login').send(body);

  it('signs in with workspace, email (any case) and password, and the access token opens the API', async () => {
    const res = await login({
      tenant: acme.slug,
      email: ' OWNER@example.com',
      password: TEST_PASSWORD,
    }).expect(200);
    expect(res.body).toMatchObject({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^llr_/),
      expiresIn: 900,
      tokenType: 'Bearer',
      user: { id: owner.id, email: 'owner@example.com', role: 'owner', tenant: acme.slug },
    });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    await http().get('/api/runs').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    const row = await prisma.refreshToken.findFirstOrThrow({ where: { userId: owner.id } });
    expect(row.tokenHash).not.toContain(res.body.refreshToken);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['a wrong password', () => ({ tenant: acme.slug, email: owner.email, password: 'not the password' })],
    ['an unknown email', () => ({ tenant: acme.slug, email: 'nobody@example.com', password: TEST_PASSWORD })],
    [
      'an unknown workspace',
      () => ({ tenant: 'no-such-workspace', email: owner.email, password: TEST_PASSWORD }),
    ],
  ])('answers the same 401 for %s', async (_case, body) => {
    const res = await login(body()).expect(401);
    expect(res.body.error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'The workspace, email or password is wrong.',
    });
  });

  it('answers 400 naming the missing fields', async () => {
    const res = await login({ tenant: acme.slug }).expect(400);
    expect(res.body.error.details).toEqual(['email: is required', 'password: is required']);
  });

  it('refuses an expired access token with TOKEN_EXPIRED, and a forged one', async () => {
    const tokens = app.get(AccessTokenService);
    const expired = tokens.sign(
      { userId: owner.id, tenantId: acme.id, role: 'owner', sessionVersion: 0 },
      -5,
    );
    const res = await http().get('/api/runs').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.error.code).toBe('TOKEN_EXPIRED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);

    const forged = new JwtService({ secret: 'x'.repeat(40) }).sign(
      { sub: owner.id, tid: acme.id, role: 'owner', typ: 'access' },
      { issuer: 'leadline', audience: 'leadline-api', expiresIn: 60 },
    );
    expect(
      (await http().get('/api/runs').set('Authorization', `Bearer ${forged}`).expect(401)).body.error.code,
    ).toBe('UNAUTHORIZED');
  });

  it("uses the user's current role, not the one in the token, and refuses removed users", async () => {
    const someone = await seedUser(prisma, acme.id, 'owner');
    const { accessToken } = await signIn(app, acme.slug, someone.email);
    const auth = { Authorization: `Bearer ${accessToken}` };
    await http().post('/api/runs/00000000-0000-4000-8000-000000000000/cancel').set(auth).send({}).expect(404);
    await prisma.user.update({ where: { id: someone.id }, data: { role: 'viewer' } });
    const denied = await http()
      .post('/api/runs/00000000-0000-4000-8000-000000000000/cancel')
      .set(auth)
      .send({})
      .expect(403);
    expect(denied.body.error.message).toBe('Your role (viewer) lacks the permission runs:write.');
    await prisma.user.delete({ where: { id: someone.id } });
    await http().get('/api/runs').set(auth).expect(401);
  });

  it('rotates the refresh token on every use', async () => {
    const first = await signIn(app, acme.slug, viewer.email);
    const second = (
      await http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
    ).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await http().get('/api/runs').set('Authorization', `Bearer ${second.accessToken}`).expect(200);
    const third = (
      await http().post('/api/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200)
    ).body;
    expect(third.user).toMatchObject({ id: viewer.id, role: 'viewer', tenant: acme.slug });
  });

  it('revokes the whole family when a rotated refresh token comes back', async () => {
    const stolen = await signIn(app, acme.slug, viewer.email);
    const other = await signIn(app, acme.slug, viewer.email); // another device: a different family
    const legit = (
      await http().post('/api/auth/refresh').send({ refreshToken: stolen.refreshToken }).expect(200)
    ).body;

    const reuse = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: stolen.refreshToken })
      .expect(401);
    expect(reuse.body.error).toMatchObject({
      code: 'INVALID_REFRESH_TOKEN',
      message: expect.stringContaining('already used'),
    });
    // The rightful holder's newer token is dead too: both must sign in again.
    await http().post('/api/auth/refresh').send({ refreshToken: legit.refreshToken }).expect(401);
    // The other sign-in is untouched.
    await http().post('/api/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    const audit = await prisma.auditLog.findFirst({ where: { action: 'session.refresh_token_reused' } });
    expect(audit).toMatchObject({ tenantId: acme.id, targetId: viewer.id });
  });

  it('logs out: the refresh token and its family stop working', async () => {
    const session = await signIn(app, acme.slug, viewer.email);
    await http().post('/api/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    const res = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    expect(res.body.error.message).toContain('revoked');
    await http()
      .post('/api/auth/logout')
      .send({ refreshToken: 'llr_' + 'A'.repeat(43) })
      .expect(204);
  });

  it('refuses an expired refresh token', async () => {
    const session = await signIn(app, acme.slug, viewer.email);
    await prisma.refreshToken.updateMany({
      where: { revokedAt: null, rotatedAt: null },
      data: { expiresAt: new Date(0) },
    });
    const res = await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    expect(res.body.error.message).toContain('expired');
  });

  it('locks an account after 5 failed sign-ins with 429 and Retry-After, even for the right password', async () => {
    const victim = await seedUser(prisma, acme.id, 'editor');
    for (let i = 0; i < 5; i += 1) {
      await login({ tenant: acme.slug, email: victim.email, password: `guess number ${i}` }).expect(401);
    }
    const locked = await login({ tenant: acme.slug, email: victim.email, password: TEST_PASSWORD }).expect(
      429,
    );
    expect(locked.body.error.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other accounts from the same address still sign in.
    await signIn(app, acme.slug, viewer.email);
    // The lock is durable (PostgreSQL) and lifts when its time is up.
    await prisma.loginThrottle.updateMany({ data: { lockedUntil: new Date(Date.now() - 1000) } });
    await signIn(app, acme.slug, victim.email);
  });

  it('locks an address that fails on many accounts, whichever account it tries next', async () => {
    const policy = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };
    const throttle = new LoginThrottleService(prisma, {
      account: { ...policy, maxFailures: 100 },
      address: policy,
    });
    const from = (email: string) => ({ tenantSlug: acme.slug, email, address: '203.0.113.7' });
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) {
      expect(await throttle.countAttempt(from(email))).toBe(0);
    }
    expect(await throttle.countAttempt(from('d@example.com'))).toBeGreaterThan(119_000);
    expect(await throttle.countAttempt({ ...from('d@example.com'), address: '198.51.100.1' })).toBe(0);
  });

  it('changes your own password: the old one stops working and every session ends', async () => {
    const member = await seedUser(prisma, acme.id, 'agent');
    const first = await signIn(app, acme.slug, member.email);
    const second = await signIn(app, acme.slug, member.email);
    const auth = { Authorization: `Bearer ${first.accessToken}` };
    const wrong = await http()
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: 'not it at all', newPassword: 'a brand new password' })
      .expect(403);
    expect(wrong.body.error.code).toBe('WRONG_PASSWORD');
    await http()
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
      .expect(400);
    await http()
      .post('/api/auth/password')
      .set(auth)
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' })
      .expect(204);
    await login({ tenant: acme.slug, email: member.email, password: TEST_PASSWORD }).expect(401);
    await login({ tenant: acme.slug, email: member.email, password: 'a brand new password' }).expect(200);
    for (const session of [first, second]) {
      await http().post('/api/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
    }
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { action: 'user.password_changed', targetId: member.id },
    });
    expect(audit.actorUserId).toBe(member.id);
    // API keys have no password.
    await http()
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${acme.key.key}`)
      .send({ currentPassword: 'x', newPassword: 'a brand new password' })
      .expect(403);
  });

  it('tells the caller who they are', async () => {
    const { accessToken } = await signIn(app, acme.slug, viewer.email);
    const me = await http().get('/api/auth/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
    expect(me.body).toEqual({
      kind: 'user',
      tenantId: acme.id,
      userId: viewer.id,
      role: 'viewer',
      permissions: expect.arrayContaining(['runs:read', 'flows:read']),
      workspace: { slug: acme.slug, name: expect.any(String) },
      user: { name: null, email: viewer.email },
      // A viewer of a customer workspace may not open the operator's queue dashboard.
      capabilities: { queueDashboard: false },
    });
    expect(me.body.permissions).not.toContain('flows:write');
    const key = await http().get('/api/auth/me').set('Authorization', `Bearer ${acme.key.key}`).expect(200);
    expect(key.body).toMatchObject({ kind: 'api_key', tenantId: acme.id, apiKeyId: acme.key.id });
    expect(key.body.user).toBeUndefined();
  });
});
