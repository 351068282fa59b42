import { createPrismaClient, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';

/**
 * A fresh database for the calling test file and a system Prisma client on it, made before all its
 * tests and dropped after them. Returns the client's getter: the client only exists once `beforeAll`
 * has run.
 */
export function useTestPrisma(): () => PrismaClient {
  let db: TestDatabase | undefined;
  let prisma: PrismaClient | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 4 });
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  return () => {
    if (!prisma) throw new Error('the test database is made in beforeAll: use it inside a test or hook');
    return prisma;
  };
}
