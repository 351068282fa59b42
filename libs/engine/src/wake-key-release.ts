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

  constructor(connection: RedisOptions) {
    this.redis = new Redis({
      ...connection,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      enableAutoPipelining: true,
    }) as ReleaseRedis;
    this.redis.on('error', () => undefined); // a release that fails is harmless (see release)
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

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
