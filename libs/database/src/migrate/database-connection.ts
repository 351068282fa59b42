import { Client } from 'pg';
import { parseDatabaseUrl, withDatabaseName } from '../database-url';
import { DatabaseUnreachableError, MigrationError } from './migration.errors';

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

export interface ConnectOptions {
  url: string;
  /** Names the URL's origin in error messages, e.g. "DATABASE_URL". */
  urlSource: string;
  connectTimeoutMs: number;
}

interface PgError {
  code?: string;
  message?: string;
}

function describeFailure(error: unknown, url: string): Error {
  const { host, port, user, database } = parseDatabaseUrl(url);
  const pgError = (error ?? {}) as PgError;
  const code = pgError.code ?? '';
  const message = pgError.message || code || String(error);
  if (NETWORK_ERROR_CODES.has(code) || /timeout|terminated/i.test(message)) {
    return new DatabaseUnreachableError(`cannot reach PostgreSQL at ${host}:${port} (${code || message})`);
  }
  if (code === '28P01' || code === '28000') {
    return new DatabaseUnreachableError(`PostgreSQL at ${host}:${port} refused user "${user}": ${message}`);
  }
  return new DatabaseUnreachableError(
    `cannot connect to database "${database}" at ${host}:${port}: ${message}`,
  );
}

async function tryConnect(url: string, connectTimeoutMs: number): Promise<Client> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // Without a listener, a server that drops the connection later would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * Connects to the database named in the URL, creating it first when the server says it does not
 * exist (through the `postgres` maintenance database of the same server).
 * Returns the client and whether the database was created.
 */
export async function connectCreatingDatabase(
  options: ConnectOptions,
): Promise<{ client: Client; created: boolean }> {
  const { database } = parseDatabaseUrl(options.url, options.urlSource);
  try {
    return { client: await tryConnect(options.url, options.connectTimeoutMs), created: false };
  } catch (error) {
    if ((error as PgError).code !== INVALID_CATALOG_NAME) throw describeFailure(error, options.url);
  }

  const maintenanceUrl = withDatabaseName(options.url, 'postgres');
  let admin: Client;
  try {
    admin = await tryConnect(maintenanceUrl, options.connectTimeoutMs);
  } catch (error) {
    throw describeFailure(error, maintenanceUrl);
  }
  let created = false;
  try {
    await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    created = true;
  } catch (error) {
    // Another runner created it between our two connections: fine.
    const code = (error as PgError).code;
    if (code !== DUPLICATE_DATABASE && code !== UNIQUE_VIOLATION) {
      throw new MigrationError(`cannot create database "${database}": ${(error as Error).message}`);
    }
  } finally {
    await admin.end().catch(() => undefined);
  }

  try {
    return { client: await tryConnect(options.url, options.connectTimeoutMs), created };
  } catch (error) {
    throw describeFailure(error, options.url);
  }
}
