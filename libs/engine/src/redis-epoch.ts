import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';

/**
 * Notices that Redis lost the engine's data while workers run (a restart without persistence, a
 * FLUSHDB, a failover to an empty replica): a sentinel key is written when the queues are known to
 * hold everything PostgreSQL says is in flight; when it is gone, so are the jobs that were queued
 * with it. The sweeper then republishes from PostgreSQL at once instead of at the next start-up.
 */
export interface DataLossDetector {
  /**
   * True when the sentinel was missing and this caller has just written it: the caller must now
   * republish everything (and call `forget` if it could not, so the next check tries again).
   * Exactly one of several workers checking at once gets true.
   */
  claimLoss(): Promise<boolean>;
  forget(): Promise<void>;
}

export class RedisEpoch implements DataLossDetector {
  private readonly redis: Redis;
  private readonly key: string;

  constructor(connection: RedisOptions, keyPrefix: string) {
    this.key = `${keyPrefix}:epoch`;
    this.redis = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 3 });
    this.redis.on('error', () => undefined); // surfaced by the calls, which the sweep reports
  }

  async claimLoss(): Promise<boolean> {
    const value = `${new Date().toISOString()} ${randomUUID()}`;
    return (await this.redis.set(this.key, value, 'NX')) === 'OK';
  }

  async forget(): Promise<void> {
    await this.redis.del(this.key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  disconnect(): void {
    this.redis.disconnect();
  }
}
