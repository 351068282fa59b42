import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPrismaClient,
  publishFlowVersion,
  withTenant,
  type Prisma,
  type PrismaClient,
} from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';

const MIGRATION = join(
  __dirname,
  '../../../prisma/migrations/20261206180000_temporal_mailbox_timers/migration.sql',
);

describe('migration: timers of runs the previous Temporal workflow held move to run_timers', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('copies the pending timers of active Temporal runs from their state, once, and nothing else', async () => {
    const tenant = await prisma.tenant.create({ data: { slug: `t-${randomUUID().slice(0, 8)}`, name: 'T' } });
    const tenantId = tenant.id;
    const dueAt = '2026-12-08T09:00:00.000Z';
    const runs = await withTenant(prisma, tenantId, async (tx) => {
      const flow = JSON.parse(readFileSync(join(__dirname, '../../../flows/lead-capture.flow.json'), 'utf8'));
      const { flowId, versionId } = await publishFlowVersion(tx, {
        tenantId,
        key: String(flow.id),
        name: String(flow.name),
        definition: flow as Prisma.InputJsonValue,
      });
      const make = async (
        phone: string,
        engine: 'temporal' | 'embedded',
        status: 'waiting' | 'completed',
      ) => {
        const contact = await tx.contact.create({ data: { tenantId, phone } });
        return tx.flowRun.create({
          data: {
            tenantId,
            flowId,
            flowVersionId: versionId,
            contactId: contact.id,
            status,
            engine,
            state: { v: 1, timers: [{ id: 't1', nodeId: 'ask_name', dueAt }] } as Prisma.InputJsonValue,
          },
        });
      };
      return {
        temporal: await make('+351915000001', 'temporal', 'waiting'),
        ended: await make('+351915000002', 'temporal', 'completed'),
        embedded: await make('+351915000003', 'embedded', 'waiting'),
      };
    });
    const sql = readFileSync(MIGRATION, 'utf8');
    await prisma.$executeRawUnsafe(sql);
    await prisma.$executeRawUnsafe(sql); // applied twice: still one row
    const timers = await withTenant(prisma, tenantId, (tx) => tx.runTimer.findMany({}));
    expect(timers).toHaveLength(1);
    expect(timers[0]).toMatchObject({ runId: runs.temporal.id, timerId: 't1', firedAt: null });
    expect(timers[0].dueAt.toISOString()).toBe(dueAt);
  });
});
