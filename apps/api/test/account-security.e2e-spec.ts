// Attacks on accounts and sessions (issue 16): each test reproduces one and shows it fails.
import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DEVELOPMENT_ENCRYPTION_KEY, DEVELOPMENT_JWT_SECRET } from '@leadline/config';
import { createPrismaClient, withTenant, type PrismaClient } from '@leadline/database';
import { documentLinkKey, signDocumentLink } from '@leadline/documents';
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

  describe('sessions end when they should', () => {
    const me = (token: string) => http().get('/api/auth/me').set(bearer(token));

    it('an access token stops working at sign-out, not 15 minutes later; other devices renew theirs', async () => {
      const user = await seedUser(prisma, acme.id, 'editor');
      const laptop = await signIn(app, acme.slug, user.email);
      const phone = await signIn(app, acme.slug, user.email);
      await me(laptop.accessToken).expect(200);
      await http().post('/api/auth/logout').send({ refreshToken: laptop.refreshToken }).expect(204);
      const ended = await me(laptop.accessToken).expect(401);
      expect(ended.body.error.code).toBe('SESSION_ENDED');
      // The phone's access token is retired too, but its own refresh token still renews it.
      await me(phone.accessToken).expect(401);
      const renewed = await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: phone.refreshToken })
        .expect(200);
      await me(renewed.body.accessToken).expect(200);
      // Replaying the sign-out changes nothing more.
      await http().post('/api/auth/logout').send({ refreshToken: laptop.refreshToken }).expect(204);
      await me(renewed.body.accessToken).expect(200);
    });

    it('access tokens issued before a password change stop working at once', async () => {
      const user = await seedUser(prisma, acme.id, 'viewer');
      const mine = await signIn(app, acme.slug, user.email);
      const thief = await signIn(app, acme.slug, user.email);
      await http()
        .post('/api/auth/password')
        .set(bearer(mine.accessToken))
        .send({ currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD })
        .expect(204);
      expect((await me(thief.accessToken).expect(401)).body.error.code).toBe('SESSION_ENDED');
      await me(mine.accessToken).expect(401);
    });

    it('a reused (stolen) refresh token also retires the access tokens already issued', async () => {
      const user = await seedUser(prisma, acme.id, 'viewer');
      const first = await signIn(app, acme.slug, user.email);
      const rotated = await http()
        .post('/api/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(200);
      await me(rotated.body.accessToken).expect(200);
      await http().post('/api/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      await me(rotated.body.accessToken).expect(401);
    });

    it('refuses a correctly signed token without an expiry, or without a session version', async () => {
      const user = await seedUser(prisma, acme.id, 'owner');
      const jwt = new JwtService({ secret: DEVELOPMENT_JWT_SECRET });
      const claims = { sub: user.id, tid: acme.id, role: 'owner', typ: 'access' };
      const options = { issuer: 'leadline', audience: 'leadline-api', algorithm: 'HS256' as const };
      const forever = jwt.sign({ ...claims, sv: 0 }, options);
      expect((await me(forever).expect(401)).body.error.code).toBe('UNAUTHORIZED');
      const unversioned = jwt.sign(claims, { ...options, expiresIn: 60 });
      await me(unversioned).expect(401);
      // The same claims with both are accepted: the refusals are about exp and sv alone.
      await me(jwt.sign({ ...claims, sv: 0 }, { ...options, expiresIn: 60 })).expect(200);
    });
  });

  describe('passwords that are easy to guess are refused', () => {
    it.each(['password123456', 'qwertyuiop1234', 'aaaaaaaaaaaaaaaa'])(
      'refuses %j for a new member and a password change',
      async (weak) => {
        const owner = await tokenOf('owner');
        const res = await http()
          .post('/api/users')
          .set(bearer(owner))
          .send({
            email: `weak-${Math.random().toString(36).slice(2, 8)}@example.com`,
            role: 'viewer',
            password: weak,
          })
          .expect(400);
        expect(res.body.error.details).toEqual([expect.stringMatching(/^password: is too easy to guess/)]);
        const change = await http()
          .post('/api/auth/password')
          .set(bearer(owner))
          .send({ currentPassword: TEST_PASSWORD, newPassword: weak })
          .expect(400);
        expect(change.body.error.details).toEqual([
          expect.stringMatching(/^newPassword: is too easy to guess/),
        ]);
      },
    );

    it("refuses a password made of the new member's own email", async () => {
      const owner = await tokenOf('owner');
      const res = await http()
        .post('/api/users')
        .set(bearer(owner))
        .send({ email: 'marguerite.solano@example.com', role: 'viewer', password: 'MargueriteSolano!1' })
        .expect(400);
      expect(res.body.error.message).toContain('it contains your name, email or workspace');
    });
  });

  describe('signed document links have a maximum lifetime', () => {
    let documentId: string;
    const filename = 'quote.pdf';
    const key = documentLinkKey(DEVELOPMENT_ENCRYPTION_KEY);

    beforeAll(async () => {
      documentId = await withTenant(prisma, acme.id, async (tx) => {
        const contact = await tx.contact.create({ data: { tenantId: acme.id, phone: '+447700900123' } });
        const document = await tx.document.create({
          data: {
            tenantId: acme.id,
            contactId: contact.id,
            kind: 'quote',
            number: 'Q-2026-0042',
            currency: 'GBP',
            totalMinor: 100n,
            filename,
            content: new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n')),
          },
        });
        return document.id;
      });
    });

    /** A link signed with the deployment's key but an expiry of our choosing, as a bug or an old release could. */
    const linkExpiringAt = (exp: number) => {
      const sig = createHmac('sha256', key)
        .update(['v1', acme.id, documentId, filename, String(exp)].join('\n'))
        .digest('base64url');
      return `/media/documents/${documentId}/${filename}?tenant=${acme.id}&exp=${exp}&sig=${sig}`;
    };

    it('serves a link signed for the usual 24 hours', async () => {
      const link = new URL(
        signDocumentLink({
          tenantId: acme.id,
          documentId,
          filename,
          publicUrl: 'http://localhost',
          key,
          expiresAt: new Date(Date.now() + 24 * 3_600_000),
        }),
      );
      await http().get(`${link.pathname}${link.search}`).expect(200);
      await http()
        .get(linkExpiringAt(Math.floor(Date.now() / 1000) + 3600))
        .expect(200);
    });

    it('refuses a correctly signed link whose expiry is a year away', async () => {
      const res = await http()
        .get(linkExpiringAt(Math.floor(Date.now() / 1000) + 365 * 24 * 3600))
        .expect(403);
      expect(res.body.error.code).toBe('INVALID_LINK');
    });
  });
});
