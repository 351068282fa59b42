import { createPrismaClient, pgPoolOf } from './prisma-client.factory';

describe('createPrismaClient', () => {
  it("survives the pool's 'error' for an idle client (a PostgreSQL restart) before Prisma ever connected", async () => {
    // Nothing connects here: the pool is made, and an idle client's error is what a restart sends.
    const client = createPrismaClient({ url: 'postgresql://127.0.0.1:1/none', maxConnections: 1 });
    const pool = pgPoolOf(client)!;
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    // With no listener, EventEmitter throws the error: the process would die of it.
    expect(() => pool.emit('error', terminated)).not.toThrow();
    await pool.end();
  });
});
