/** Where the app and the migration runner connect when DATABASE_URL is not set. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres:postgres@127.0.0.1:5432/leadline';

export interface DatabaseUrlParts {
  host: string;
  port: number;
  database: string;
  user: string;
}

export class InvalidDatabaseUrlError extends Error {
  constructor(source: string, url: string, reason: string) {
    super(`${source} is not a valid PostgreSQL URL (${reason}): "${redactDatabaseUrl(url)}"`);
    this.name = 'InvalidDatabaseUrlError';
  }
}

/** Replaces the password of a URL so that it can be shown in messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

/**
 * Checks a postgres:// or postgresql:// URL and returns the parts our messages need.
 * `source` names where the URL came from (e.g. "DATABASE_URL") so errors point at the right setting.
 */
export function parseDatabaseUrl(url: string, source = 'the database URL'): DatabaseUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidDatabaseUrlError(source, url, 'cannot be parsed');
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new InvalidDatabaseUrlError(source, url, `scheme must be postgresql://, not ${parsed.protocol}//`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new InvalidDatabaseUrlError(source, url, 'it must name a database, e.g. /leadline');
  }
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    user: decodeURIComponent(parsed.username) || 'postgres',
  };
}

/** The same server and credentials, another database (e.g. `postgres` to create the target one). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}
