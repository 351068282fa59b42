import type { PrismaClient } from '@leadline/database';
import { TimerPoller } from './timer-poller';
import type { ContactRef } from './wake';

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
  /** A database whose every claim returns `perClaim` due timers, each of its own contact. */
  function dueTimers(perClaim: number): { prisma: PrismaClient; claims: () => number } {
    let claims = 0;
    const prisma = {
      $queryRawUnsafe: (_text: string, _now: Date, limit: number) => {
        claims += 1;
        const timers = Array.from({ length: Math.min(perClaim, limit) }, (_, index) => ({
          tenantId: 't',
          contactId: `c${claims}-${index}`,
          runId: 'r',
          timerId: 'x',
          owned: true,
        }));
        return Promise.resolve([{ timers, appended: timers.length, next_due_at: null }]);
      },
    } as unknown as PrismaClient;
    return { prisma, claims: () => claims };
  }

  afterEach(() => jest.useRealTimers());

  /**
   * A poller on fake timers whose apply stalls `stalledPerBatch` of each batch's contacts and settles
   * the others at once (a slow provider's inline sends) until `release()`.
   */
  function stallingPoller(stalledPerBatch: number) {
    jest.useFakeTimers();
    const { prisma, claims } = dueTimers(4);
    const stalled: Array<() => void> = [];
    const poller = new TimerPoller(
      prisma,
      { now: () => new Date() },
      async () => undefined,
      () => undefined,
      { batchSize: 4, minSleepMs: 1, maxSleepMs: 1 },
      async (contacts, settled) => {
        for (const _ of contacts.slice(stalledPerBatch)) settled();
        await new Promise<void>((resolve) => stalled.push(resolve));
        return [];
      },
    );
    const release = () => stalled.splice(0).forEach((resolve) => resolve());
    const stop = async () => {
      const stopped = poller.stop();
      for (let step = 0; step < 5; step += 1) {
        release();
        await jest.advanceTimersByTimeAsync(2_000);
      }
      await stopped;
    };
    return { poller, claims, release, stop };
  }

  it('claims again past a stalled apply: a stalled contact holds its own place under the cap only', async () => {
    const { poller, claims, release, stop } = stallingPoller(1);
    poller.start();
    // Two batches of one stalled contact each held every claim before (two applies in flight).
    for (let step = 0; step < 40; step += 1) await jest.advanceTimersByTimeAsync(1_000);
    // The cap (2 batches' worth: 8 contacts) is reached only by 8 stalled contacts: 8 claims.
    expect(claims()).toBe(8);
    release();
    await jest.advanceTimersByTimeAsync(1);
    expect(claims()).toBeGreaterThan(8);
    await stop();
  });

  it('claims nothing once stopped while it waited for room under the cap', async () => {
    const { poller, claims, stop } = stallingPoller(4);
    poller.start();
    for (let step = 0; step < 10; step += 1) await jest.advanceTimersByTimeAsync(1_000);
    expect(claims()).toBe(2); // two whole batches stalled: the cap, the poll waits for room
    await stop(); // releasing the stalled applies makes room: the waiting poll must not claim
    expect(claims()).toBe(2);
  });

  it('a throwing reporter of a failed apply is no unhandled rejection, and the batch is woken', async () => {
    const { prisma, claims } = dueTimers(2);
    const woken: ContactRef[][] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const poller = new TimerPoller(
        prisma,
        { now: () => new Date() },
        async (contacts) => {
          woken.push([...contacts]);
        },
        () => {
          throw new Error('the log sink is down');
        },
        { batchSize: 2, minSleepMs: 1, maxSleepMs: 1 },
        () => Promise.reject(new Error('the apply failed')),
      );
      poller.start();
      await until(() => claims() >= 2);
      await poller.stop();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(woken.length).toBeGreaterThanOrEqual(1);
      expect(woken[0].map((contact) => contact.contactId)).toEqual(['c1-0', 'c1-1']);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
