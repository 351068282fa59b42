import type { PrismaClient } from '@leadline/database';
import type { EngineJob, JobQueue } from './engine-ports';
import { publishCommitted } from './outbox-relay';

const TENANT = '00000000-0000-4000-8000-000000000001';
const CHANNEL = '00000000-0000-4000-8000-000000000002';

describe('publishCommitted', () => {
  const rows = Array.from({ length: 5 }, (_, n) => ({
    id: BigInt(n + 1),
    kind: 'send',
    payload: { channelId: CHANNEL, messageIds: [`00000000-0000-4000-8000-00000000010${n}`] },
  }));
  const clock = { now: () => new Date('2026-12-06T20:00:00Z') };

  it('adds a batch of outbox rows with one addBulk and marks them published in one statement', async () => {
    const bulks: EngineJob[][] = [];
    const queue: JobQueue = {
      add: () => Promise.reject(new Error('one by one')),
      addBulk: async (jobs) => {
        bulks.push([...jobs]);
      },
      oldestWaitingSince: async () => undefined,
    };
    const statements: unknown[] = [];
    const prisma = {
      $executeRaw: async (...args: unknown[]) => statements.push(args),
    } as unknown as PrismaClient;
    await expect(publishCommitted(prisma, queue, clock, TENANT, rows)).resolves.toBe(5);
    expect(bulks).toHaveLength(1);
    expect(bulks[0].map((job) => job.id)).toEqual(['send.1', 'send.2', 'send.3', 'send.4', 'send.5']);
    expect(statements).toHaveLength(1);
  });
});
