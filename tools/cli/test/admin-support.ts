// Shared by the admin-*.int-spec.ts files: runs the CLI against a test database with an explicit
// environment (never the developer's .env) and reads rows back as the superuser, past row-level security.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, testRedisUrl, type TestDatabase } from '@leadline/testing';
import { runCli } from '../src/run-cli';

export type Env = Record<string, string | undefined>;

export function randomKey(): string {
  return randomBytes(32).toString('base64');
}

export function testEnv(db: TestDatabase, extra: Env = {}): Env {
  // REDIS_URL: the test file's own Redis, so a command that queues work never reaches another file's.
  return { DATABASE_URL: db.url, ENCRYPTION_KEY: randomKey(), REDIS_URL: testRedisUrl(), ...extra };
}

export function adminCli(env: Env, ...args: string[]) {
  return run(args, { env });
}

/** The CLI with `stdin` as what it reads from standard input (passwords, keys). */
export function adminCliWithStdin(env: Env, stdin: string, ...args: string[]) {
  return run(args, { env, readStdin: async () => stdin });
}

async function run(args: string[], options: Parameters<typeof runCli>[2]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) }, options);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface AdminDatabase {
  db: TestDatabase;
  /** The superuser connection (see connectAsSuperuser). */
  sql: Client;
  /** The CLI's environment: this database and a fresh encryption key. */
  env: Env;
}

/**
 * A fresh database for the calling test file, with a superuser connection and a CLI environment,
 * made in `beforeAll` (creating `tenants` through the CLI) and dropped in `afterAll`. The returned
 * object is filled in by `beforeAll`: read its fields inside tests and hooks.
 */
export function useAdminDatabase(options: { extraEnv?: Env; tenants?: string[] } = {}): AdminDatabase {
  const admin = {} as AdminDatabase;
  beforeAll(async () => {
    admin.db = await createTestDatabase();
    admin.sql = await connectAsSuperuser(admin.db);
    admin.env = testEnv(admin.db, options.extraEnv);
    for (const slug of options.tenants ?? []) {
      const created = await adminCli(admin.env, 'tenant', 'create', slug);
      if (created.code !== 0) throw new Error(`tenant create ${slug} failed: ${created.err}`);
    }
  });
  afterAll(async () => {
    await admin.sql?.end();
    await admin.db?.drop();
  });
  return admin;
}

/** One superuser connection per test file: sees every tenant's rows, as a backup or an attacker would. */
export async function connectAsSuperuser(db: TestDatabase): Promise<Client> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  return client;
}

/** Tables (and how many rows) whose whole row, as text, contains `needle`: bytea shows as hex. */
export async function tablesContaining(client: Client, needle: string): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
  );
  const hits: string[] = [];
  for (const { name } of tables) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${name}" AS r WHERE strpos(r::text, $1) > 0
          OR strpos(r::text, encode(convert_to($1, 'UTF8'), 'hex')) > 0`,
      [needle],
    );
    if (rows[0].n > 0) hits.push(name);
  }
  return hits;
}
