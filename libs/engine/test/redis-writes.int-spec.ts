import { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { testRedisConnection, testRedisUrl } from '@leadline/testing';
import Redis from 'ioredis';
import { RedisSendBudget } from '../src/send-budget';
import { WakeKeyReleaser } from '../src/wake-key-release';
import { waitFor } from './support/engine-harness';

/**
 * Issue 21, seventh round: the worker's Redis calls made in one turn of the event loop (the steps
 * of one contact-step batch taking their send rates after its gate; the contact jobs a batch's
 * finishes start together releasing their wake keys) leave in ONE socket write, counted here
 * (deterministic: not timed). One write each before: a write on the loopback is most of a small
 * command's cost, in the worker and in Redis.
 */
/** A contact's wake key under `prefix` and a started job of it that the key names. */
function wakeKeysUnder(prefix: string) {
  return {
    key: (contact: number) => `${prefix}:contacts:de:wake.c${contact}`,
    job: (contact: number) => ({
      id: `job-${contact}`,
      queueQualifiedName: `${prefix}:contacts`,
      deduplicationId: `wake.c${contact}`,
    }),
  };
}

describe('the worker Redis calls of one batch: one socket write', () => {
  let write: jest.SpyInstance;

  afterEach(() => write?.mockRestore());

  /** Socket writes made while `work` is issued and settles, but for those on `ignored` (the test's own). */
  async function writesDuring(work: () => Promise<unknown>, ignored?: Socket): Promise<number> {
    write = jest.spyOn(Socket.prototype, 'write');
    await work();
    const count = write.mock.contexts.filter((socket) => socket !== ignored).length;
    write.mockRestore();
    return count;
  }

  it("eight steps' send-rate takes asked together go out in one write, each taken as before", async () => {
    const prefix = `writes-${randomUUID().slice(0, 8)}`;
    const budget = new RedisSendBudget(testRedisConnection(), prefix, 80, { burst: 2, intervalMs: 60_000 });
    try {
      await budget.take('warm-up', null, 1); // connected, script loaded on the connection
      const recipients = Array.from({ length: 8 }, (_, i) => `3519100000${i}`);
      let answers: Awaited<ReturnType<RedisSendBudget['take']>>[] = [];
      const writes = await writesDuring(async () => {
        answers = await Promise.all(recipients.map((to) => budget.take('channel-1', to, 1)));
      });
      expect(writes).toBe(1);
      expect(answers).toEqual(recipients.map(() => ({ waitMs: 0 })));
      // Still two buckets each, all or nothing: a third send to one recipient is paced.
      await budget.take('channel-1', recipients[0], 1);
      expect(await budget.take('channel-1', recipients[0], 1)).toMatchObject({ limitedBy: 'recipient' });
    } finally {
      await budget.close();
    }
  });

  it('eight starting jobs release their wake keys in one write, each only if the key names it', async () => {
    const prefix = `writes-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(testRedisUrl());
    const releaser = new WakeKeyReleaser(testRedisConnection());
    const { key, job } = wakeKeysUnder(prefix);
    try {
      await redis.set(key(99), 'job-99');
      releaser.release(job(99)); // connected, script loaded on the connection
      await waitFor('warmed up', async () => ((await redis.exists(key(99))) === 0 ? true : undefined));
      for (let contact = 0; contact < 8; contact += 1)
        await redis.set(key(contact), contact === 7 ? 'a-later-job' : `job-${contact}`);
      const writes = await writesDuring(
        async () => {
          for (let contact = 0; contact < 8; contact += 1) releaser.release(job(contact));
          await waitFor('released', async () => ((await redis.exists(key(6))) === 0 ? true : undefined));
        },
        redis.stream as Socket, // the test's own polls
      );
      expect(writes).toBe(1);
      expect(await redis.exists(...Array.from({ length: 7 }, (_, contact) => key(contact)))).toBe(0);
      expect(await redis.get(key(7))).toBe('a-later-job');
    } finally {
      await releaser.close();
      await redis.quit();
    }
  });

  it("a starting job's wake-key release leaves in the write of its step's rate take (issue 21, eighth round)", async () => {
    const prefix = `writes-${randomUUID().slice(0, 8)}`;
    const redis = new Redis(testRedisUrl());
    const budget = new RedisSendBudget(testRedisConnection(), prefix, 80, { burst: 2, intervalMs: 60_000 });
    const shared = new WakeKeyReleaser(budget.connection); // the engine's now
    budget.beforeTake = () => shared.flush();
    const { key, job } = wakeKeysUnder(prefix);
    try {
      // Connected, scripts loaded on both connections.
      await budget.take('warm-up', null, 1);
      const separate = new WakeKeyReleaser(testRedisConnection()); // the seventh round's: its own connection
      await redis.set(key(97), 'job-97');
      separate.release(job(97));
      await waitFor('warmed up', async () => ((await redis.exists(key(97))) === 0 ? true : undefined));
      await redis.mset(key(1), 'job-1', key(2), 'job-2');
      const before = await writesDuring(async () => {
        separate.release(job(1)); // released as the job starts, on a connection of its own
        await budget.take('channel-1', '351910000001', 1); // the step's take, a turn later
        await waitFor('released', async () => ((await redis.exists(key(1))) === 0 ? true : undefined));
      }, redis.stream as Socket);
      await separate.close();
      const now = await writesDuring(async () => {
        shared.defer(job(2)); // held back as the job starts
        expect(await redis.exists(key(2))).toBe(1);
        await budget.take('channel-1', '351910000002', 1); // sent with the take, one write
        await waitFor('released', async () => ((await redis.exists(key(2))) === 0 ? true : undefined));
      }, redis.stream as Socket);
      expect({ before, now }).toEqual({ before: 2, now: 1 });
      // A job whose drain took no rate: released when its drain ends (flush), the key only if it names it.
      await redis.mset(key(3), 'job-3', key(4), 'a-later-job');
      shared.defer(job(3));
      shared.defer(job(4));
      shared.flush();
      await waitFor('released', async () => ((await redis.exists(key(3))) === 0 ? true : undefined));
      expect(await redis.get(key(4))).toBe('a-later-job');
    } finally {
      await shared.close();
      await budget.close();
      await redis.quit();
    }
  });
});
