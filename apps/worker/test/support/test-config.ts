import { loadConfig, type AppConfig } from '@leadline/config';

/** The real PostgreSQL of this machine; `SELECT 1` needs no schema, so the default database will do. */
export const TEST_DATABASE_URL =
  process.env.LEADLINE_TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.LEADLINE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A validated config for tests: real local services, quiet logs, no .env involved. */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    ...overrides,
  });
}
