import { randomUUID } from 'node:crypto';
import { testRedisConnection, testRedisUrl } from '@leadline/testing';
import Redis from 'ioredis';
import type { Job, Worker } from 'bullmq';
import { BullMqJobQueue, createWorker } from '../src/bullmq-job-queue';
import { wakeContact, wakeContacts } from '../src/wake';
import { WakeKeyReleaser } from '../src/wake-key-release';
import { waitFor } from './support/engine-harness';

// The wake-up's deduplication on real Redis and BullMQ (wake.ts): a wake is skipped while the
// contact's wake job waits, and kept (enqueued after it) while that job is active. What the worker
// does with a job (apply every pending event of the contact) is the engine's; here a job stands for
// one drain, so "an event appended while the job is active gets applied" means "a wake sent while
// the job is active gives one more job, started after it finished".
describe('contact wake-ups: one waiting job per contact, none lost while one is active', () => {
  let queue: BullMqJobQueue;
  let prefix: string;
  const workers: Worker[] = [];
  /** Contacts jobs finished (BullMQ's `completed`): they are deleted as they complete (ENGINE_QUEUES). */
  let completed = 0;
  const releaser = new WakeKeyReleaser(testRedisConnection());

  afterAll(() => releaser.close());

  beforeEach(() => {
    completed = 0;
    prefix = `wake-${randomUUID().slice(0, 8)}`;
    queue = new BullMqJobQueue(testRedisConnection(), prefix);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.close(true)));
    await queue.queue('contacts').obliterate({ force: true });
    await queue.close();
  });

  /**
   * A contacts worker whose jobs each wait for `gate` (when given) before finishing; `release`: each
   * job first releases its wake key, as the engine's contact job does (EmbeddedEngine).
   */
  function contactsWorker(
    started: Array<{ contactId: string; at: number }>,
    gate?: Promise<void>,
    release = false,
  ) {
    const worker = createWorker(
      testRedisConnection(),
      {
        name: 'contacts',
        concurrency: 4,
        handle: async (job: Job) => {
          if (release) releaser.release(job);
          started.push({ contactId: (job.data as { contactId: string }).contactId, at: Date.now() });
          await gate;
        },
      },
      prefix,
    );
    worker.on('completed', () => (completed += 1));
    workers.push(worker);
    return worker;
  }

  it('adds no second job for a contact whose wake job is still waiting, one per other contact', async () => {
    const wake = wakeContact(queue);
    await wake('t1', 'c1');
    await wake('t1', 'c1');
    await wakeContacts(queue)([
      { tenantId: 't1', contactId: 'c1' },
      { tenantId: 't1', contactId: 'c2' },
    ]);
    await wakeContacts(queue)([{ tenantId: 't1', contactId: 'c2' }]);
    const waiting = await queue.queue('contacts').getJobs(['wait']);
    expect(waiting.map((job) => (job.data as { contactId: string }).contactId).sort()).toEqual(['c1', 'c2']);

    const started: Array<{ contactId: string; at: number }> = [];
    contactsWorker(started);
    await waitFor('both jobs done', () => (completed === 2 ? true : undefined));
    expect(started.map((s) => s.contactId).sort()).toEqual(['c1', 'c2']);
  });

  it('a wake while the contact job is active, before it released its key, gives one more job, after it', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const started: Array<{ contactId: string; at: number }> = [];
    contactsWorker(started, gate);
    await wakeContact(queue)('t1', 'c1');
    await waitFor('the first job active', () => (started.length === 1 ? true : undefined));

    // The job has "read the pending events" and is about to finish: events appended now need a job.
    const finishedAt: number[] = [];
    await wakeContact(queue)('t1', 'c1');
    await wakeContacts(queue)([{ tenantId: 't1', contactId: 'c1' }]);
    expect(await queue.queue('contacts').getWaitingCount()).toBe(0);
    finishedAt.push(Date.now());
    finish();

    await waitFor('the kept wake ran', () => (started.length === 2 ? true : undefined));
    expect(started[1].contactId).toBe('c1');
    expect(started[1].at).toBeGreaterThanOrEqual(finishedAt[0]);
    // Several wakes during one active job: one more job, not one each.
    await waitFor('all done', () => (completed === 2 ? true : undefined));
    expect(started).toHaveLength(2);

    // The key went with the last job: the next wake adds a job at once.
    await wakeContact(queue)('t1', 'c1');
    await waitFor('a later wake ran', () => (started.length === 3 ? true : undefined));
  });

  it('once the active job released its key, a wake adds a job at once (not after the active one)', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const started: Array<{ contactId: string; at: number }> = [];
    contactsWorker(started, gate, true);
    await wakeContact(queue)('t1', 'c1');
    await waitFor('the first job active', () => (started.length === 1 ? true : undefined));
    const redis = new Redis(testRedisUrl());
    await waitFor('its key released', async () =>
      (await redis.exists(`${prefix}:contacts:de:wake.c1`)) === 0 ? true : undefined,
    );
    await redis.quit();
    await wakeContact(queue)('t1', 'c1');
    // The second job runs while the first is still held: it does not wait for the first to finish.
    await waitFor('the second job started', () => (started.length === 2 ? true : undefined));
    finish();
    await waitFor('both done', () => (completed === 2 ? true : undefined));
    expect(started.map((s) => s.contactId)).toEqual(['c1', 'c1']);
  });

  it('the sweeper keeps its key while its job runs (one sweep job per contact); a key naming another job stays', async () => {
    const redis = new Redis(testRedisUrl());
    const key = (id: string) => `${prefix}:contacts:de:${id}`;
    await redis.mset(key('sweep.c1'), 'j1', key('wake.c1'), 'j1', key('wake.c2'), 'other-job');
    const job = (deduplicationId: string | undefined, id = 'j1') => ({
      id,
      queueQualifiedName: `${prefix}:contacts`,
      deduplicationId,
    });
    releaser.release(job('sweep.c1'));
    releaser.release(job(undefined));
    releaser.release(job('wake.c2'));
    releaser.release(job('wake.c1'));
    await waitFor('the wake key released', async () =>
      (await redis.exists(key('wake.c1'))) === 0 ? true : undefined,
    );
    // Released in the order asked on one connection: the earlier ones have run too.
    expect(await redis.get(key('sweep.c1'))).toBe('j1');
    expect(await redis.get(key('wake.c2'))).toBe('other-job');
    await redis.del(key('sweep.c1'), key('wake.c2'));
    await redis.quit();
  });

  it('a wake left with a key whose job Redis lost still adds a job', async () => {
    await wakeContact(queue)('t1', 'c1');
    const [job] = await queue.queue('contacts').getJobs(['wait']);
    // The job's hash and list entry gone, its deduplication key left (a partial loss).
    await job.remove();
    const redis = new Redis(testRedisUrl());
    await redis.set(`${prefix}:contacts:de:wake.c1`, job.id as string);
    await redis.quit();
    await wakeContact(queue)('t1', 'c1');
    expect(await queue.queue('contacts').getWaitingCount()).toBe(1);
  });
});
