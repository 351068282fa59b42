import { randomUUID } from 'node:crypto';
import { loadConfig } from '@leadline/config';
import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import pino from 'pino';
import { RetentionService } from './retention.service';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient({ url: db.url, maxConnections: 2 });
});

afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

describe('RetentionService', () => {
  it('applies the RETENTION_* defaults, overridden by a tenant, to every tenant', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, RETENTION_AUDIT_DAYS: '30' });
    const service = new RetentionService(config, pino({ level: 'silent' }));
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const plain = await prisma.tenant.create({ data: { slug: `a-${randomUUID().slice(0, 8)}`, name: 'A' } });
    const keeps = await prisma.tenant.create({
      data: {
        slug: `b-${randomUUID().slice(0, 8)}`,
        name: 'B',
        settings: { retention: { auditDays: null } },
      },
    });
    for (const tenant of [plain, keeps]) {
      await prisma.auditLog.createMany({
        data: [
          { tenantId: tenant.id, action: 'old', at: daysAgo(31) },
          { tenantId: tenant.id, action: 'recent', at: daysAgo(29) },
        ],
      });
    }
    try {
      await service.runOnce();
    } finally {
      await service.beforeApplicationShutdown();
    }
    const actions = async (tenantId: string) =>
      (await prisma.auditLog.findMany({ where: { tenantId }, orderBy: { at: 'asc' } })).map(
        (row) => row.action,
      );
    expect(await actions(plain.id)).toEqual(['recent']);
    expect(await actions(keeps.id)).toEqual(['old', 'recent']);
  });
});
