import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, runMigrations, withDatabaseName } from '@leadline/database';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** The server integration tests use: LEADLINE_TEST_DATABASE_URL, DATABASE_URL, or the local default. */
function serverUrl(): string {
  return process.env.LEADLINE_TEST_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
}

/**
 * A fresh, fully migrated database that only the calling test file uses, so test files can run in
 * parallel and never touch a developer's data. Call drop() in afterAll.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `leadline_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabaseName(serverUrl(), name);
  await runMigrations({ databaseUrl: url, log: () => undefined });
  return {
    name,
    url,
    async drop() {
      const client = new Client({ connectionString: withDatabaseName(serverUrl(), 'postgres') });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
