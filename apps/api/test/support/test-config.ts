import { loadConfig, type AppConfig } from '@leadline/config';
import { testRedisUrl } from '@leadline/testing';

/** The real PostgreSQL of this machine; `SELECT 1` needs no schema, so the default database will do. */
export const TEST_DATABASE_URL =
  process.env.LEADLINE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * A validated config for tests: real local services (PostgreSQL, and the Redis only this test file
 * uses), quiet logs, no .env involved.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: testRedisUrl(),
    ...overrides,
  });
}
