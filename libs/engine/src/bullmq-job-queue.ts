import { defineQueue, openQueue, QUEUE_PREFIX, type QueueDefinition } from '@leadline/ops';
import { Worker, type ConnectionOptions, type Job, type Queue } from 'bullmq';
import type { EngineJob, JobQueue } from './engine-ports';
import { activityJobSchema, contactJobSchema, sendJobSchema } from './job-schemas';
import { RetryLaterError } from './retry-later.error';

export { QUEUE_PREFIX };

/** One send queue per channel, so each WhatsApp number gets its own rate limit. */
export function queueName(job: EngineJob): string {
  return job.queue === 'send' ? `send.${job.data.channelId}` : job.queue;
}

/** Waits for RetryLaterError's delay; otherwise exponential from 1 s, capped at 5 minutes. */
export function backoffStrategy(attemptsMade: number, _type?: string, err?: Error): number {
  if (err instanceof RetryLaterError || (err && 'delayMs' in err)) return (err as RetryLaterError).delayMs;
  return Math.min(300_000, 1_000 * 2 ** Math.max(0, attemptsMade - 1));
}

/**
 * How often a job may lose its worker (a crash, a kill, a lock that expired) and still be taken over.
 * BullMQ's default of 1 fails a job the second time, and a failed send job is gone for good: nothing
 * else enqueues a published send again. Every engine job is safe to run again, so take them over
 * generously.
 */
export const MAX_STALLS = 50;

/** Every engine worker: generous stall take-over and the engine's own backoff (see above). */
const ENGINE_WORKER = { maxStalledCount: MAX_STALLS, settings: { backoffStrategy } } as const;
/** Every engine job: custom backoff; done jobs kept an hour (but contacts jobs), failed ones a week (for inspection). */
const ENGINE_JOBS = {
  backoff: { type: 'custom' },
  removeOnComplete: { age: 3_600, count: 50_000 },
  removeOnFail: { age: 7 * 86_400 },
} as const;

/**
 * The engine's queues, defined once (name, job schema, worker and job options): the embedded
 * engine's own workers (libs, tests, bench) and the worker app's @Processor classes
 * (apps/worker/src/modules/queues) both take them from here. `send` is one queue per channel
 * (`send.<channelId>`, see queueName), each with its own rate limit. Timers have no queue: they are
 * fired from PostgreSQL (timer-poller.ts, issue 21's fifth round).
 */
export const ENGINE_QUEUES = {
  contacts: defineQueue({
    name: 'contacts',
    jobName: 'contacts',
    schema: contactJobSchema,
    // 16, not 8, since the group commit of steps (contact-step-batch.ts): more jobs at once make
    // larger batches (fewer commits per step) and cover the inline send's provider call, which
    // holds its slot. Measured on the quiet machine: saturation 104-117 -> 131-164 steps/s, 100/s
    // offered kept up (docs/performance.md, "Issue 21's targets").
    worker: { ...ENGINE_WORKER, concurrency: 16 },
    // A contacts job is a wake: ids only (its work is the contact's pending events, in PostgreSQL),
    // a fresh random id each (wake.ts), so nothing looks a finished one up or dedupes against its
    // hash (unlike a send or an activity, whose id is its outbox row's: a republished row must find
    // its finished job and add nothing). Issue 21, tenth round: deleted as it completes (one DEL in
    // BullMQ's moveToFinished) instead of kept an hour: keeping it cost a ZADD, an HSET and the
    // trimming's ZREVRANGEBYSCORE, ZREVRANGE and ZREMRANGEBYRANK per job, and once the hour or the
    // 50,000 are reached (any steady state) the removal of an older job besides (HMGET, DEL,
    // ZREMRANGEBYSCORE). Failed ones are kept a week, as every engine job's.
    jobs: { ...ENGINE_JOBS, attempts: 20, removeOnComplete: true },
  }),
  activities: defineQueue({
    name: 'activities',
    jobName: 'activities',
    schema: activityJobSchema,
    worker: { ...ENGINE_WORKER, concurrency: 4 },
    jobs: { ...ENGINE_JOBS, attempts: 8 },
  }),
  send: defineQueue({
    name: 'send',
    jobName: 'send',
    schema: sendJobSchema,
    worker: { ...ENGINE_WORKER, concurrency: 4 },
    jobs: { ...ENGINE_JOBS, attempts: 50 },
  }),
} satisfies Record<EngineJob['queue'], QueueDefinition<unknown>>;

/** The queues the worker app registers as @Processor classes (send queues are per channel, made at run time). */
export type StaticEngineQueue = Exclude<EngineJob['queue'], 'send'>;

/** The engine's queues on BullMQ. Queues are opened lazily and closed together. */
export class BullMqJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: ConnectionOptions,
    readonly prefix: string = QUEUE_PREFIX,
    /** Attempts per job for some queues instead of the defaults (tests make sends give up sooner). */
    private readonly attempts: Partial<Record<EngineJob['queue'], number>> = {},
  ) {}

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Connection errors surface through the add() calls and readiness (openQueue listens for them).
      queue = openQueue(name, this.connection, this.prefix);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add(job: EngineJob): Promise<void> {
    await this.queue(queueName(job)).add(ENGINE_QUEUES[job.queue].jobName, job.data, this.jobOptions(job));
  }

  /** One `addBulk` (one Redis round trip, one MULTI) per queue the jobs go to. */
  async addBulk(jobs: readonly EngineJob[]): Promise<void> {
    const byQueue = new Map<string, EngineJob[]>();
    for (const job of jobs) {
      const name = queueName(job);
      byQueue.set(name, [...(byQueue.get(name) ?? []), job]);
    }
    await Promise.all(
      [...byQueue].map(([name, group]) =>
        this.queue(name).addBulk(
          group.map((job) => ({
            name: ENGINE_QUEUES[job.queue].jobName,
            data: job.data,
            opts: this.jobOptions(job),
          })),
        ),
      ),
    );
  }

  private jobOptions(job: EngineJob) {
    return {
      ...ENGINE_QUEUES[job.queue].jobs,
      jobId: job.id,
      ...(job.queue === 'contacts' && job.onceWhileQueued
        ? { deduplication: { id: job.onceWhileQueued } }
        : {}),
      // BullMQ's keepLastIfActive deduplication does check and add in addStandardJob's one Lua script
      // (atomic with moveToActive and moveToFinished): skipped while the key's job waits, kept as its
      // "next job" while it is active, that next job enqueued by the same script that finishes it.
      ...(job.queue === 'contacts' && job.onceWhileWaiting
        ? { deduplication: { id: job.onceWhileWaiting, keepLastIfActive: true } }
        : {}),
      ...(this.attempts[job.queue] ? { attempts: this.attempts[job.queue] } : {}),
    };
  }

  async oldestWaitingSince(queue: 'contacts'): Promise<number | undefined> {
    const [oldest] = await this.queue(queue).getJobs(['wait'], 0, 0, true);
    return oldest ? oldest.timestamp + (oldest.delay ?? 0) : undefined;
  }

  /** Drops the connections without waiting for Redis (when it is unreachable). */
  /** Resolves once every open queue has reached Redis (none open: at once). */
  async waitUntilReady(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.waitUntilReady()));
  }

  async disconnect(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.disconnect()));
    this.queues.clear();
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}

/**
 * BullMQ's error when the hash of a job a worker holds is gone as the worker finishes, retries or
 * delays it ("Missing key for job <id>. moveToFinished" / "... moveToDelayed"): Redis lost its data
 * under a running job (a restart without persistence, a FLUSHDB, a failover to an empty replica).
 * Not a fault of the job: PostgreSQL still holds its work, which the sweeper republishes.
 */
export function isLostJobError(error: unknown): boolean {
  return error instanceof Error && /^Missing key for job \S+\. \w+$/.test(error.message);
}

/**
 * Whether a worker's error on `queue` means Redis lost the engine's data (counted towards the
 * sweeper's full re-arm and its one report). A contacts job's missing key does not: contacts jobs
 * are deleted as they complete (ENGINE_QUEUES, issue 21's tenth round), so a job whose lock expired,
 * taken over and finished by another worker, has no hash any more when the first worker finishes,
 * retries or delays it (BullMQ answers "Missing key", where a kept job gave "Missing lock"). Nothing
 * is lost then, and nothing is lost for good by a real loss either: a contact's work is in
 * PostgreSQL and every sweep wakes the contacts with unapplied events; Redis losing its data is
 * told by the epoch sentinel (redis-epoch.ts) and by the send and activity jobs in flight, whose
 * hashes are kept. Such an error is not reported either: a real loss would give one line per
 * contacts job in flight, and the sweep's report says it once.
 */
export function isRedisDataLoss(error: unknown, queue: string): boolean {
  return isLostJobError(error) && queue !== ENGINE_QUEUES.contacts.name;
}

export interface WorkerSpec {
  /** The queue's name (`send.<channelId>` for a channel's sends). */
  name: string;
  /** Which definition's options the worker takes (by default the one named `name`). */
  queue?: EngineJob['queue'];
  /** Instead of the definition's concurrency (tests). */
  concurrency?: number;
  limiter?: { max: number; duration: number };
  handle: (job: Job) => Promise<void>;
}

/** An engine worker outside Nest, with its queue's options from ENGINE_QUEUES. */
export function createWorker(
  connection: ConnectionOptions,
  spec: WorkerSpec,
  prefix = QUEUE_PREFIX,
  lockMs?: number,
): Worker {
  const definition = ENGINE_QUEUES[spec.queue ?? (spec.name as EngineJob['queue'])];
  return new Worker(spec.name, (job) => spec.handle(job), {
    ...definition.worker,
    connection,
    prefix,
    ...(spec.concurrency ? { concurrency: spec.concurrency } : {}),
    ...(spec.limiter ? { limiter: spec.limiter } : {}),
    ...(lockMs ? { lockDuration: lockMs, stalledInterval: lockMs } : {}),
  });
}
