import Redis, { type RedisOptions } from 'ioredis';
import { isWakeKey } from './wake';

/** What a wake key's release needs of a BullMQ job (its key is `<queue>:de:<deduplication id>`). */
export interface StartedJob {
  id?: string;
  /** `<prefix>:<queue>`, BullMQ's qualified name, under which the queue's keys live. */
  queueQualifiedName: string;
  deduplicationId?: string;
}

/**
 * BullMQ's own `removeDeduplicationKey` script, word for word: the key is dropped only while it
 * still names this job (a wake kept as the job's successor, or one added since, is left alone).
 */
const RELEASE = `
local currentJobId = redis.call('GET', KEYS[1])
if currentJobId and currentJobId == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

type ReleaseRedis = Redis & { releaseWakeKey(key: string, jobId: string): Promise<number> };

/**
 * Releases a starting contact job's wake key (wake.ts says why it is safe and what it is for).
 *
 * Issue 21, seventh round: the release was BullMQ's `job.removeDeduplicationKey()`, one command and
 * one socket write per contact job on the worker's BullMQ connection. The same script now goes
 * through a connection of its own with ioredis' auto-pipelining: the jobs that start in one turn of
 * the event loop (the next jobs a batch's finishes hand back) release their keys in one write.
 * BullMQ's connection is not auto-pipelined: an ioredis pipeline copies every script the connection
 * defines (BullMQ's ~50) for each batch, which cost more CPU than the writes it saved, and queued
 * every finish behind the pipeline in flight (measured: docs/performance.md, seventh round).
 * The key layout (`<prefix>:<queue>:de:<id>`) is BullMQ's; `wake-dedupe.int-spec.ts` checks it
 * against BullMQ's own deduplication.
 */
export class WakeKeyReleaser {
  private readonly redis: ReleaseRedis;
  /** A connection given by the caller (the send budget's): closed by its owner, not here. */
  private readonly shared: boolean;
  /** Releases held back until the next write on the connection (defer). */
  private deferred: StartedJob[] = [];

  /**
   * Opens a connection of its own, or shares `connection` when it is one (issue 21, eighth round:
   * the send budget's, so that a deferred release leaves in the write of the step's rate take).
   */
  constructor(connection: RedisOptions | Redis) {
    this.shared = connection instanceof Redis;
    this.redis = (
      connection instanceof Redis
        ? connection
        : new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: true })
    ) as ReleaseRedis;
    if (!this.shared) this.redis.on('error', () => undefined); // a release that fails is harmless (see release)
    this.redis.defineCommand('releaseWakeKey', { numberOfKeys: 1, lua: RELEASE });
  }

  /**
   * Not awaited, never throws: until it lands (or if it never does), a wake is kept as this job's
   * successor, so either order is safe. The sweeper's key (`sweep.`) is kept: one sweep job per
   * contact while it runs.
   */
  release(job: StartedJob): void {
    const id = job.deduplicationId;
    if (!id || !isWakeKey(id) || job.id === undefined) return;
    this.redis.releaseWakeKey(`${job.queueQualifiedName}:de:${id}`, job.id).catch(() => undefined);
  }

  /**
   * The release held back until `flush`: the engine flushes right before the job's step takes its
   * send rate (RedisSendBudget.beforeTake, same connection, same turn: one socket write for both,
   * issue 21, eighth round) and at the latest when the job's drain ends. Held back, the key only
   * makes a wake meanwhile the job's successor instead of a job of its own, which release already
   * allows (either order is safe, see release): what the release buys, that a later message does
   * not wait for the whole of this job, it still buys from the step's take on, before the send.
   */
  defer(job: StartedJob): void {
    this.deferred.push(job);
  }

  /** Sends the releases held back (defer); none: nothing. */
  flush(): void {
    if (!this.deferred.length) return;
    const jobs = this.deferred;
    this.deferred = [];
    for (const job of jobs) this.release(job);
  }

  async close(): Promise<void> {
    this.flush();
    if (this.shared) return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  disconnect(): void {
    this.deferred = [];
    if (!this.shared) this.redis.disconnect();
  }
}
