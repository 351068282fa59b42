/** Where the test environment (jest-environment.ts) puts the file's Redis URL. */
export const TEST_REDIS_URL_VARIABLE = 'LEADLINE_TEST_REDIS_URL';

/**
 * The URL of the Redis only this test file uses (its own server or leased logical database, see
 * jest-environment.ts). Flush it, fill it, use the default queue prefix: no other file sees it.
 */
export function testRedisUrl(): string {
  const url = process.env[TEST_REDIS_URL_VARIABLE];
  if (!url) {
    throw new Error(
      `${TEST_REDIS_URL_VARIABLE} is not set: only .int-spec.ts and .e2e-spec.ts files run by the ` +
        `repository's jest.config.js get a Redis of their own`,
    );
  }
  return url;
}

export interface TestRedisConnection {
  host: string;
  port: number;
  db: number;
  password?: string;
  /** BullMQ's workers need it. */
  maxRetriesPerRequest: null;
}

/** The same Redis as ioredis/BullMQ connection options. */
export function testRedisConnection(): TestRedisConnection {
  const url = new URL(testRedisUrl());
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    maxRetriesPerRequest: null,
  };
}
