import type { ConnectionOptions } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import type { Clock } from './engine-ports';

const OFFSET_KEY = 'leadline:test-clock:offset-ms';

/** How often a process re-reads the offset another process may have moved. */
const REFRESH_MS = 200;

/**
 * A clock that tests can move forward (LEADLINE_TEST_CLOCK=true, refused in production by the
 * config): the real time plus an offset kept in Redis, so the API and the worker agree on it. Each
 * process caches the offset and re-reads it every REFRESH_MS; `set` changes it at once in the
 * process that calls it. Used so a browser test can see the 24-hour window close without waiting a day.
 */
export class RedisTestClock implements Clock {
  private offsetMs = 0;
  private readonly redis: Redis;
  private readonly timer: NodeJS.Timeout;

  constructor(connection: ConnectionOptions) {
    this.redis = new Redis({ ...(connection as RedisOptions), maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // keeps the last offset until Redis answers again
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
    void this.refresh();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  async refresh(): Promise<void> {
    const text = await this.redis.get(OFFSET_KEY).catch(() => undefined);
    if (text === undefined) return;
    const value = Number(text ?? 0);
    if (Number.isFinite(value)) this.offsetMs = value;
  }

  async set(offsetMs: number): Promise<void> {
    await this.redis.set(OFFSET_KEY, String(offsetMs));
    this.offsetMs = offsetMs;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
