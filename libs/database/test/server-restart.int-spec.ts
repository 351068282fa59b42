import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { createPrismaClient, pgPoolOf, type PrismaClient } from '../src';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient({ url: db.url, maxConnections: 2 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** What a PostgreSQL restart does to every backend: ends it with 57P01. */
async function terminateBackend(pid: number): Promise<void> {
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  } finally {
    await admin.end();
  }
}

describe('a PostgreSQL restart while a connection is checked out and idle', () => {
  it('is reported to the next query on that connection, not thrown at the process', async () => {
    const pool = pgPoolOf(prisma)!;
    // As Prisma's interactive transactions and the engine's hot paths do: check a connection out,
    // then sit between two queries (a transaction waiting on the code around it).
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // (Not events.once: it would listen for 'error' itself and hide the missing listener.)
    const ended = new Promise((resolve) => client.once('end', resolve));
    await terminateBackend(rows[0].pid);
    // Without a listener on the client, its 'error' event (57P01, no query running) is thrown by
    // EventEmitter inside pg's socket handler: an uncaught exception that ends the worker.
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow();
    client.release(true);
    // The pool connects anew for the next caller.
    expect(await prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });
});
