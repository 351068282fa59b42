import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
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

  it('waits as long as a step its run waits for may retry, and says so', async () => {
    const prisma = createPrismaClient({ url: db.url });
    let runId: string;
    try {
      const tenant = await prisma.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
      runId = await withTenant(prisma, tenant.id, async (tx) => {
        const definition = {
          format: 'leadline.flow/v1',
          id: 'orders',
          name: 'Orders',
          nodes: [
            { id: 'start', type: 'trigger', data: { on: 'keyword', keywords: ['order'] } },
            { id: 'lookup', type: 'activity', data: { name: 'quick-order', input: {} } },
          ],
          edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'lookup' }],
        };
        const { publishFlowVersion } = await import('@leadline/database');
        const published = await publishFlowVersion(tx, {
          tenantId: tenant.id,
          key: 'orders',
          name: 'Orders',
          definition,
        });
        const contact = await tx.contact.create({ data: { tenantId: tenant.id, phone: '+27740000456' } });
        const run = await tx.flowRun.create({
          data: {
            tenantId: tenant.id,
            flowId: published.flowId,
            flowVersionId: published.versionId,
            contactId: contact.id,
            status: 'waiting',
            currentNode: 'lookup',
            state: { wait: { kind: 'activity', nodeId: 'lookup', requestId: 'r:a1' } },
          },
        });
        return run.id;
      });
    } finally {
      await prisma.$disconnect();
    }
    const started = Date.now();
    const result = await cli(
      { ...env, LEADLINE_ACTIVITIES: join(__dirname, 'fixtures', 'lookup-order.activity.ts') },
      ...['sandbox', 'send', '--tenant', 'demo', '--phone', '+27740000456', '--wait', '0.2', 'hello'],
    );
    // quick-order: 2 attempts of 600 ms and a 200 ms pause between them.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_300);
    expect(result.err).toContain(
      'Waiting for activity "quick-order" (step "lookup"): up to 2 s with its retries',
    );
    expect(result.out).toContain(
      `No reply yet: the run is still waiting for activity "quick-order" (step "lookup"). See npm run -s leadline -- runs show ${runId} --tenant demo`,
    );
  });
});
