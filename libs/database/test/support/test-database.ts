import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, withDatabaseName } from '../../src/database-url';

/** The server the integration tests use: the one of DATABASE_URL, or the local default. */
export const SERVER_URL = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

/** A unique name for a database this test file owns; nothing else on the server uses it. */
export function throwAwayDatabaseName(): string {
  return `leadline_test_${randomBytes(6).toString('hex')}`;
}

export function databaseUrl(name: string): string {
  return withDatabaseName(SERVER_URL, name);
}

async function withMaintenanceClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(name: string): Promise<void> {
  await withMaintenanceClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseExists(name: string): Promise<boolean> {
  return withMaintenanceClient(async (client) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  });
}

/** Runs fn with a plain pg client connected (as the server's superuser) to the named database. */
export async function withClient<T>(name: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
