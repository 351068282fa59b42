import { randomUUID } from 'node:crypto';
import { testRedisConnection, testRedisUrl } from '@leadline/testing';
import { Queue, type Worker } from 'bullmq';
import Redis from 'ioredis';
import { createWorker, ENGINE_QUEUES, isLostJobError } from '../src/bullmq-job-queue';
import { EmbeddedEngine } from '../src/embedded-engine';
import { waitFor } from './support/engine-harness';

/**
 * Contacts jobs are deleted as they complete (removeOnComplete: true, issue 21's tenth round). A job
 * whose lock expired was taken over and finished by another worker, which deleted its hash; when the
 * first worker then finishes it, BullMQ answers "Missing key for job <id>. moveToFinished", the error
 * a running job meets when Redis loses its data. On the contacts queue it must not count as a loss
 * (which costs a full re-arm sweep and a data-loss report), nor be reported as a worker error.
 */
describe('a contacts job finished by another worker, then by the first', () => {
  const prefix = `elsewhere-${randomUUID().slice(0, 8)}`;
  const redis = new Redis(testRedisUrl());
  let queue: Queue;
  let worker: Worker;

  afterAll(async () => {
    await worker?.close(true);
    await queue?.close();
    await redis.quit();
  });

  it('is no Redis data loss and no worker error', async () => {
    const name = ENGINE_QUEUES.contacts.name;
    queue = new Queue(name, { connection: testRedisConnection(), prefix });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    worker = createWorker(
      testRedisConnection(),
      {
        name,
        handle: async () => {
          started = true;
          await released;
        },
      },
      prefix,
    );
    const errors: Error[] = [];
    worker.on('error', (error) => errors.push(error));
    const job = await queue.add(name, { tenantId: 't', contactId: 'c' }, ENGINE_QUEUES.contacts.jobs);
    await waitFor('the first worker to hold the job', () => started || undefined);
    // What the other worker's moveToFinished does with a contacts job: its hash deleted, off the lists.
    await redis.del(`${prefix}:${name}:${job.id}`, `${prefix}:${name}:${job.id}:lock`);
    await redis.lrem(`${prefix}:${name}:active`, 0, job.id ?? '');
    release();
    const [error] = await waitFor('the first worker to finish', () => (errors.length ? errors : undefined));
    expect(error.message).toBe(`Missing key for job ${job.id}. moveToFinished`);
    expect(isLostJobError(error)).toBe(true);

    // The engine's decision, on an engine's state alone (its loss count, its error reports).
    const engine = { lostRunningJobs: 0, report: jest.fn() };
    const workerError = (queueName: string) =>
      EmbeddedEngine.prototype.workerError.call(
        engine as unknown as EmbeddedEngine,
        'queue worker',
        queueName,
      );
    workerError(name)(error);
    expect(engine).toEqual({ lostRunningJobs: 0, report: expect.any(Function) });
    expect(engine.report).not.toHaveBeenCalled();
    // The same error of an activity or a send job (kept when done): Redis lost their data.
    workerError('activities')(error);
    workerError('send')(error);
    expect(engine.lostRunningJobs).toBe(2);
    expect(engine.report).not.toHaveBeenCalled();
  });
});
