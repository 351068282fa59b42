import { randomUUID } from 'node:crypto';
import { createPrismaClient, withTenant } from '@leadline/database';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { adminCli as cli } from './admin-support';

describe('leadline sandbox send', () => {
  let db: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    // This file's own Redis, which no worker listens on: the message is recorded, nobody answers.
    env = { DATABASE_URL: db.url, REDIS_URL: testRedisUrl(), NODE_ENV: 'test' };
    const prisma = createPrismaClient({ url: db.url });
    const tenant = await prisma.tenant.create({ data: { slug: 'demo', name: 'Demo' } });
    await withTenant(prisma, tenant.id, (tx) =>
      tx.channel.create({
        data: {
          tenantId: tenant.id,
          provider: 'sandbox',
          phoneNumberId: `sb-${randomUUID()}`,
          displayPhone: '+15550100000',
          status: 'active',
        },
      }),
    );
    await prisma.$disconnect();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('records the message like a webhook would (contact, message, inbox event) and says when no worker answered', async () => {
    const result = await cli(
      env,
      'sandbox',
      'send',
      '--tenant',
      'demo',
      '--phone',
      '+27740000123',
      '--name',
      'Ana',
      '--wait',
      '0',
      'hi there',
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain('No reply yet');
    const prisma = createPrismaClient({ url: db.url });
    try {
      const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
      await withTenant(prisma, tenant.id, async (tx) => {
        const contact = await tx.contact.findFirstOrThrow({ where: { phone: '+27740000123' } });
        expect(contact.name).toBe('Ana');
        const inbound = await tx.message.findMany({ where: { contactId: contact.id, direction: 'in' } });
        expect(inbound.map((m) => (m.body as { text?: string }).text)).toEqual(['hi there']);
        const events = await tx.contactEvent.findMany({ where: { contactId: contact.id } });
        expect(events.map((e) => e.kind)).toEqual(['inbound']);
      });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('refuses bad arguments with exit 2 and an unknown tenant with exit 1', async () => {
    expect((await cli(env, 'sandbox', 'send', '--tenant', 'demo', '--phone', '0740000123', 'hi')).code).toBe(
      2,
    );
    expect((await cli(env, 'sandbox', 'send', '--tenant', 'demo', '--phone', '+27740000123')).code).toBe(2);
    expect(
      (await cli(env, 'sandbox', 'send', '--tenant', 'nope', '--phone', '+27740000123', '--wait', '0', 'hi'))
        .code,
    ).toBe(1);
  });
});
