// Attacks on accounts and sessions (issue 16): each test reproduces one and shows it fails.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { PERMISSIONS } from '../src/modules/auth/permissions';
import { ROLE_PERMISSIONS, ROLES, type Role } from '../src/modules/auth/role-permissions';
import { addApiKey, seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';
import { seedUser, signIn, TEST_PASSWORD } from './support/user-seed';

const REDIS_URL = 'redis://127.0.0.1:6379/6';
const NEW_PASSWORD = 'Quartz-lantern 48 ripples';

describe('account security: lockout under concurrency, privilege escalation, sessions', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let app: INestApplication;
  let acme: SeededTenant;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma);
    app = await createApiApp(testConfig({ DATABASE_URL: db.url, REDIS_URL }));
  });

  afterAll(async () => {
    await app?.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokenOf = async (role: Role) => {
    const user = await seedUser(prisma, acme.id, role);
    return (await signIn(app, acme.slug, user.email)).accessToken;
  };

  describe('login lockout', () => {
    it('of 20 simultaneous guesses evaluates only 5, refuses the rest with 429, and never answers 500', async () => {
      const victim = await seedUser(prisma, acme.id, 'editor');
      const guesses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          http()
            .post('/api/auth/login')
            .send({ tenant: acme.slug, email: victim.email, password: `guess number ${i}` }),
        ),
      );
      const statuses = guesses.map((res) => res.status).sort();
      expect(statuses.filter((status) => status === 401)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(15);
      // The right password is refused now too.
      await http()
        .post('/api/auth/login')
        .send({ tenant: acme.slug, email: victim.email, password: TEST_PASSWORD })
        .expect(429);
    });

    it('throttles wrong current passwords on a password change: 5 tries, then 429 with Retry-After', async () => {
      const member = await seedUser(prisma, acme.id, 'agent');
      const { accessToken } = await signIn(app, acme.slug, member.email);
      const wrong = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          http()
            .post('/api/auth/password')
            .set(bearer(accessToken))
            .send({ currentPassword: `not it ${i}`, newPassword: NEW_PASSWORD }),
        ),
      );
      const statuses = wrong.map((res) => res.status);
      expect(statuses.filter((status) => status === 403)).toHaveLength(5);
      expect(statuses.filter((status) => status === 429)).toHaveLength(3);
      const locked = wrong.find((res) => res.status === 429)!;
      expect(locked.body.error.code).toBe('TOO_MANY_PASSWORD_ATTEMPTS');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
      // Even the right one waits now.
      await http()
        .post('/api/auth/password')
        .set(bearer(accessToken))
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(429);
    });
  });

  describe('nobody grants a role or scope beyond what they hold', () => {
    const newUser = (role: Role) => ({
      email: `made-${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
      role,
      password: NEW_PASSWORD,
    });

    it('an API key with only users:manage cannot create an admin (or any role) and sign in as it', async () => {
      const narrow = await addApiKey(prisma, acme.id, ['users:manage']);
      const admin = newUser('admin');
      const res = await http().post('/api/users').set(bearer(narrow.key)).send(admin).expect(403);
      expect(res.body.error).toMatchObject({
        code: 'ROLE_NOT_HELD',
        message: expect.stringContaining('channels:write'),
      });
      await http()
        .post('/api/auth/login')
        .send({ tenant: acme.slug, email: admin.email, password: admin.password })
        .expect(401);
      // Even a viewer holds read permissions this key does not.
      await http().post('/api/users').set(bearer(narrow.key)).send(newUser('viewer')).expect(403);
      expect(await prisma.user.count({ where: { tenantId: acme.id } })).toBe(
        await prisma.user.count({ where: { tenantId: acme.id, email: { not: { startsWith: 'made-' } } } }),
      );
    });

    it('an API key may create users of roles it covers, and only those', async () => {
      const key = await addApiKey(prisma, acme.id, ['users:manage', ...ROLE_PERMISSIONS.agent]);
      await http().post('/api/users').set(bearer(key.key)).send(newUser('viewer')).expect(201);
      await http().post('/api/users').set(bearer(key.key)).send(newUser('agent')).expect(201);
      const editor = await http().post('/api/users').set(bearer(key.key)).send(newUser('editor')).expect(403);
      expect(editor.body.error.message).toContain('flows:write');
      // A key holding every permission may add an admin, never an owner.
      const full = await addApiKey(prisma, acme.id, [...PERMISSIONS]);
      await http().post('/api/users').set(bearer(full.key)).send(newUser('admin')).expect(201);
      const owner = await http().post('/api/users').set(bearer(full.key)).send(newUser('owner')).expect(403);
      expect(owner.body.error.code).toBe('OWNER_ONLY');
    });

    it.each(ROLES)('a signed-in %s creates exactly the roles and key scopes it holds', async (role) => {
      const token = await tokenOf(role);
      const mayManage = ROLE_PERMISSIONS[role].includes('users:manage');
      for (const granted of ROLES) {
        const res = await http().post('/api/users').set(bearer(token)).send(newUser(granted));
        const expected = !mayManage ? 403 : granted === 'owner' && role !== 'owner' ? 403 : 201;
        expect([granted, res.status]).toEqual([granted, expected]);
      }
      const keys = await http()
        .post('/api/api-keys')
        .set(bearer(token))
        .send({ name: 'all', scopes: [...PERMISSIONS] });
      expect(keys.status).toBe(ROLE_PERMISSIONS[role].includes('apikeys:manage') ? 201 : 403);
    });

    it('an API key cannot create a key with a scope it lacks', async () => {
      const key = await addApiKey(prisma, acme.id, ['apikeys:manage', 'contacts:read']);
      const res = await http()
        .post('/api/api-keys')
        .set(bearer(key.key))
        .send({ name: 'wider', scopes: ['contacts:read', 'users:manage'] })
        .expect(403);
      expect(res.body.error.code).toBe('SCOPE_NOT_HELD');
      await http()
        .post('/api/api-keys')
        .set(bearer(key.key))
        .send({ name: 'same', scopes: ['contacts:read'] })
        .expect(201);
    });
  });
});
