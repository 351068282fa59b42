import type { PrismaClient } from '@leadline/database';
import { TimerPoller } from './timer-poller';

/**
 * Nothing but the poller fires timers (issue 21's fifth round): whatever goes wrong in one poll, the
 * next one must still be scheduled, or every waiting run would wait forever.
 */
describe('timer poller (unit)', () => {
  function failingDatabase(): { prisma: PrismaClient; claims: () => number } {
    let claims = 0;
    const prisma = {
      $queryRawUnsafe: () => {
        claims += 1;
        return Promise.reject(new Error('connection refused'));
      },
    } as unknown as PrismaClient; // not a client made by createPrismaClient: no pool, the Prisma path
    return { prisma, claims: () => claims };
  }

  async function until(condition: () => boolean): Promise<void> {
    for (let tries = 0; !condition(); tries += 1) {
      if (tries > 500) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('keeps polling while the database is away, and reports each failure', async () => {
    const { prisma, claims } = failingDatabase();
    const reported: string[] = [];
    const poller = new TimerPoller(
      prisma,
      { now: () => new Date() },
      async () => undefined,
      (_error, context) => reported.push(context),
      { batchSize: 10, minSleepMs: 1, maxSleepMs: 1 },
    );
    poller.start();
    await until(() => claims() >= 3);
    await poller.stop();
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(new Set(reported)).toEqual(new Set(['firing due timers']));
  });

  it('keeps polling when the error reporter itself throws', async () => {
    const { prisma, claims } = failingDatabase();
    const poller = new TimerPoller(
      prisma,
      { now: () => new Date() },
      async () => undefined,
      () => {
        throw new Error('the log sink is down');
      },
      { batchSize: 10, minSleepMs: 1, maxSleepMs: 1 },
    );
    poller.start();
    await until(() => claims() >= 3);
    await poller.stop();
    const after = claims();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(claims()).toBe(after); // stopped means stopped
  });
});
