import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createApiApp } from '../src/api-app.factory';
import { seedTenant, type SeededTenant } from './support/api-seed';
import { testConfig } from './support/test-config';

/** The login lockout's key for an address (login_throttles stores only its hash). */
const addressKey = (address: string) => createHash('sha256').update(`address:${address}`).digest('hex');

describe('TRUST_PROXY: the address the login lockout counts', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let acme: SeededTenant;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
    acme = await seedTenant(prisma);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await prisma?.$disconnect();
    await db?.drop();
  });

  async function failSignInVia(trustProxy: string, forwardedFor: string): Promise<void> {
    const app = await createApiApp(testConfig({ DATABASE_URL: db.url, TRUST_PROXY: trustProxy }));
    apps.push(app);
    await request(app.getHttpServer())
      .post('/api/auth/login')
      .set('X-Forwarded-For', forwardedFor)
      .send({ tenant: acme.slug, email: 'nobody@example.com', password: 'wrong password' })
      .expect(401);
  }

  const counted = async (address: string) =>
    (await prisma.loginThrottle.findUnique({ where: { id: addressKey(address) } }))?.failures ?? 0;

  beforeEach(() => prisma.loginThrottle.deleteMany());

  it('with TRUST_PROXY=1 counts the address the one proxy in front reports', async () => {
    await failSignInVia('1', '203.0.113.9');
    expect(await counted('203.0.113.9')).toBe(1);
  });

  it('with TRUST_PROXY=1 ignores addresses a client put in front of the proxy', async () => {
    // The proxy appends the peer it saw; whatever the client sent itself stays to the left.
    await failSignInVia('1', '198.51.100.66, 203.0.113.10');
    expect(await counted('203.0.113.10')).toBe(1);
    expect(await counted('198.51.100.66')).toBe(0);
  });

  it('by default believes no X-Forwarded-For and counts the connection peer', async () => {
    await failSignInVia('false', '203.0.113.11');
    expect(await counted('203.0.113.11')).toBe(0);
    const peers = await Promise.all(['::ffff:127.0.0.1', '127.0.0.1', '::1'].map(counted));
    expect(peers.reduce((sum, failures) => sum + failures, 0)).toBe(1);
  });
});
