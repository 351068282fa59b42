import { randomUUID } from 'node:crypto';
import { createPrismaClient, withTenant, type Prisma, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';

export interface DocumentsDatabase {
  db: TestDatabase;
  prisma: PrismaClient;
  stop(): Promise<void>;
}

/** A throw-away migrated database; the pool is large enough for the concurrency tests. */
export async function startDocumentsDatabase(): Promise<DocumentsDatabase> {
  const db = await createTestDatabase();
  const prisma = createPrismaClient({ url: db.url, maxConnections: 30 });
  return {
    db,
    prisma,
    async stop() {
      await prisma.$disconnect();
      await db.drop();
    },
  };
}

/** A tenant with the given settings and one contact. */
export async function seedTenant(
  prisma: PrismaClient,
  settings: Record<string, unknown> = {},
  contact: { name?: string; phone?: string; fields?: Record<string, unknown> } = {},
): Promise<{ tenantId: string; contactId: string }> {
  const tenant = await prisma.tenant.create({
    data: {
      slug: `t-${randomUUID().slice(0, 8)}`,
      name: 'Sunrise Solar',
      settings: settings as Prisma.InputJsonValue,
    },
  });
  const row = await withTenant(prisma, tenant.id, (tx) =>
    tx.contact.create({
      data: {
        tenantId: tenant.id,
        phone: contact.phone ?? '+34600000000',
        name: contact.name ?? 'Lucía Fernández',
        fields: (contact.fields ?? {}) as Prisma.InputJsonValue,
      },
    }),
  );
  return { tenantId: tenant.id, contactId: row.id };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
