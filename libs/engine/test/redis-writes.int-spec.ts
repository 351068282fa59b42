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
    const key = (contact: number) => `${prefix}:contacts:de:wake.c${contact}`;
    const job = (contact: number) => ({
      id: `job-${contact}`,
      queueQualifiedName: `${prefix}:contacts`,
      deduplicationId: `wake.c${contact}`,
    });
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
});
