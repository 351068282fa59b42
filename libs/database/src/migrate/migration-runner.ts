import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Client } from 'pg';
import { parseDatabaseUrl } from '../database-url';
import { connectCreatingDatabase } from './database-connection';
import { checksumMatches, readLocalMigrations, type LocalMigration } from './migration-files';
import { MigrationError } from './migration.errors';

/** prisma/migrations at the root of the repository. */
export const DEFAULT_MIGRATIONS_DIR = resolve(__dirname, '../../../../prisma/migrations');

/** The advisory lock key `prisma migrate` takes, so our runner and Prisma's exclude each other too. */
export const MIGRATION_LOCK_KEY = 72707369;

export interface MigrationRunnerOptions {
  databaseUrl: string;
  /** Where the migration folders are; defaults to DEFAULT_MIGRATIONS_DIR. */
  migrationsDir?: string;
  /** Receives one line per event worth telling a person (database created, migration applied...). */
  log?: (line: string) => void;
  /** Names the URL's origin in error messages; defaults to "DATABASE_URL". */
  urlSource?: string;
  /** How long to wait for another runner holding the migration lock (default 60 s). */
  lockTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export interface MigrationRunResult {
  databaseCreated: boolean;
  /** Names of the migrations this run applied, in order. */
  applied: string[];
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// Exactly the table `prisma migrate deploy` creates (same columns, types and defaults), so either tool
// can take over a database the other one migrated.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** How often a runner waiting for another one tries the lock again. */
const LOCK_POLL_MS = 100;

/**
 * Applies the pending migrations of `migrationsDir` to the database, like `prisma migrate deploy`
 * but without Prisma's schema engine: creates the database if needed, serialises concurrent runs
 * with an advisory lock, refuses to go on after a failed or modified migration, and applies each
 * pending migration in its own transaction, recording it in `_prisma_migrations` with Prisma's
 * checksum.
 */
export async function runMigrations(options: MigrationRunnerOptions): Promise<MigrationRunResult> {
  const log = options.log ?? (() => undefined);
  const urlSource = options.urlSource ?? 'DATABASE_URL';
  const { database } = parseDatabaseUrl(options.databaseUrl, urlSource);
  const local = readLocalMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);

  const { client, created } = await connectCreatingDatabase({
    url: options.databaseUrl,
    urlSource,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
  });
  if (created) log(`created database "${database}"`);
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const pending = pendingMigrations(local, await readHistory(client));
      for (const migration of pending) {
        await applyMigration(client, migration);
        log(`applied ${migration.name}`);
      }
      if (pending.length === 0) log('database is up to date');
      return { databaseCreated: created, applied: pending.map((m) => m.name) };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Polls for the lock instead of waiting inside `pg_advisory_lock`: a waiting statement holds a
 * snapshot for as long as it waits, and `CREATE INDEX CONCURRENTLY` (a no-transaction migration
 * applied by the lock's holder) waits for every older snapshot to end, so two runners started
 * together would deadlock. Each try is a short statement of its own.
 */
async function acquireLock(client: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + Math.max(1, timeoutMs);
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (rows[0].locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        `another migration run has held the migration lock for more than ${Math.round(timeoutMs / 1000)} s`,
      );
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, LOCK_POLL_MS));
  }
}

async function readHistory(client: Client): Promise<MigrationRow[]> {
  const { rows } = await client.query<MigrationRow>(
    `SELECT migration_name, checksum, started_at, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return rows;
}

function pendingMigrations(local: LocalMigration[], history: MigrationRow[]): LocalMigration[] {
  const live = history.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `migration ${failed.migration_name} started at ${failed.started_at.toISOString()} failed and is not ` +
        `marked as rolled back, so no further migration is applied. Repair the database, then run ` +
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${failed.migration_name}' ` +
        `(or prisma migrate resolve --rolled-back ${failed.migration_name}).`,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row]));
  for (const migration of local) {
    const row = applied.get(migration.name);
    if (row && !checksumMatches(migration.script, row.checksum)) {
      throw new MigrationError(
        `migration ${migration.name} was modified after it was applied (recorded checksum ${row.checksum}, ` +
          `file checksum ${migration.checksum}). Restore the original file and put the change in a new migration.`,
      );
    }
  }
  return local.filter((migration) => !applied.has(migration.name));
}

async function applyMigration(client: Client, migration: LocalMigration): Promise<void> {
  if (migration.statements) return applyOutsideTransaction(client, migration, migration.statements);
  const id = randomUUID();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // A query without parameters goes through the simple protocol, which runs every statement of the file.
    await client.query(migration.script);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    // Keep a trace, marked rolled back because the transaction really undid it: the next run retries.
    await client
      .query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, rolled_back_at)
         VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp())`,
        [id, migration.checksum, migration.name, reason],
      )
      .catch(() => undefined);
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

/**
 * A `-- leadline:no-transaction` migration: each statement runs and commits alone, so a failure
 * cannot be undone. Its history row stays started and not finished (what `prisma migrate deploy`
 * leaves after a failure): the next run refuses to go on until a person has repaired the database
 * (for a failed `CREATE INDEX CONCURRENTLY`, dropped the INVALID index it leaves) and marked the
 * migration rolled back. `applied_steps_count` counts the statements that ran.
 */
async function applyOutsideTransaction(
  client: Client,
  migration: LocalMigration,
  statements: string[],
): Promise<void> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [id, migration.checksum, migration.name],
  );
  for (const [index, statement] of statements.entries()) {
    try {
      await client.query(statement);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const done = index === 0 ? 'none before it' : `the ${index} before it stay applied`;
      const invalid = await invalidIndexes(client);
      const leftover = invalid.length
        ? ` It left INVALID ${invalid.length === 1 ? 'index' : 'indexes'} ${invalid.join(', ')} (a failed concurrent build): drop ${invalid.length === 1 ? 'it' : 'them'} first.`
        : '';
      await client
        .query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, reason])
        .catch(() => undefined);
      throw new MigrationError(
        `migration ${migration.name} runs outside a transaction and failed at statement ${index + 1} of ` +
          `${statements.length} (${done}): ${reason}.${leftover} Repair the database, then mark it rolled back ` +
          `(UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migration.name}') to retry it.`,
      );
    }
    await client.query(`UPDATE "_prisma_migrations" SET applied_steps_count = $2 WHERE id = $1`, [
      id,
      index + 1,
    ]);
  }
  await client.query(`UPDATE "_prisma_migrations" SET finished_at = clock_timestamp() WHERE id = $1`, [id]);
}

/** Indexes PostgreSQL does not use nor keep unique: what a failed or cancelled concurrent build leaves. */
async function invalidIndexes(client: Client): Promise<string[]> {
  const { rows } = await client
    .query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE NOT i.indisvalid AND n.nspname = current_schema() ORDER BY 1`,
    )
    .catch(() => ({ rows: [] as Array<{ name: string }> }));
  return rows.map((row) => `"${row.name}"`);
}
