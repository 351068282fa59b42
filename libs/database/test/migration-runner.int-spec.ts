import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_MIGRATIONS_DIR, MigrationError, readLocalMigrations, runMigrations } from '../src';
import { makeMigrationsDir, writeMigration } from './support/migration-fixtures';
import {
  databaseExists,
  databaseUrl,
  dropDatabase,
  throwAwayDatabaseName,
  withClient,
} from './support/test-database';

const REPO_ROOT = resolve(__dirname, '../../..');
const CLI = join(REPO_ROOT, 'libs/database/src/migrate/migrate.cli.ts');

const ownDatabases: string[] = [];
const ownDirs: Array<() => void> = [];

function newDatabase(): string {
  const name = throwAwayDatabaseName();
  ownDatabases.push(name);
  return name;
}

function fixture(migrations: Record<string, string>): string {
  const { dir, remove } = makeMigrationsDir(migrations);
  ownDirs.push(remove);
  return dir;
}

function runCli(databaseUrlValue: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', CLI], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrlValue },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function historyOf(name: string) {
  return withClient(name, async (client) => {
    const { rows } = await client.query(
      'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name',
    );
    return rows;
  });
}

const stepsOf = new Map(
  readLocalMigrations(DEFAULT_MIGRATIONS_DIR).map((m) => [m.name, m.statements?.length ?? 1]),
);

const repoMigrations = readdirSync(DEFAULT_MIGRATIONS_DIR)
  .filter((entry) => statSync(join(DEFAULT_MIGRATIONS_DIR, entry)).isDirectory())
  .sort();

afterAll(async () => {
  for (const remove of ownDirs) remove();
  for (const name of ownDatabases) await dropDatabase(name);
});

describe('runMigrations on the repository migrations', () => {
  const name = newDatabase();

  it('creates the missing database and applies every migration, recording Prisma checksums', async () => {
    expect(repoMigrations.length).toBeGreaterThan(0);
    const lines: string[] = [];

    const result = await runMigrations({ databaseUrl: databaseUrl(name), log: (line) => lines.push(line) });

    expect(result).toEqual({ databaseCreated: true, applied: repoMigrations });
    expect(lines).toEqual([`created database "${name}"`, ...repoMigrations.map((m) => `applied ${m}`)]);
    const rows = await historyOf(name);
    expect(rows.map((row) => row.migration_name)).toEqual(repoMigrations);
    for (const row of rows) {
      const file = readFileSync(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      // One for a migration run in a transaction, its statements for a no-transaction one.
      expect(row.applied_steps_count).toBe(stepsOf.get(row.migration_name));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('applies nothing on a second run and says the database is up to date', async () => {
    const lines: string[] = [];

    const result = await runMigrations({ databaseUrl: databaseUrl(name), log: (line) => lines.push(line) });

    expect(result).toEqual({ databaseCreated: false, applied: [] });
    expect(lines).toEqual(['database is up to date']);
    expect(await historyOf(name)).toHaveLength(repoMigrations.length);
  });

  it('creates _prisma_migrations exactly as prisma migrate deploy does', async () => {
    const columns = await withClient(name, async (client) => {
      const { rows } = await client.query(
        `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      return rows;
    });

    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'character varying',
        character_maximum_length: 36,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'checksum',
        data_type: 'character varying',
        character_maximum_length: 64,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'finished_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'migration_name',
        data_type: 'character varying',
        character_maximum_length: 255,
        is_nullable: 'NO',
        column_default: null,
      },
      {
        column_name: 'logs',
        data_type: 'text',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'YES',
        column_default: null,
      },
      {
        column_name: 'started_at',
        data_type: 'timestamp with time zone',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: 'now()',
      },
      {
        column_name: 'applied_steps_count',
        data_type: 'integer',
        character_maximum_length: null,
        is_nullable: 'NO',
        column_default: '0',
      },
    ]);
  });
});

describe('runMigrations history checks', () => {
  it('applies pending migrations in name order after the applied ones', async () => {
    const name = newDatabase();
    const dir = fixture({ '002_b': 'CREATE TABLE b (id int);', '001_a': 'CREATE TABLE a (id int);' });
    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '001_a',
      '002_b',
    ]);
    writeMigration(dir, '003_c', 'CREATE TABLE c (id int);');

    const result = await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });

    expect(result.applied).toEqual(['003_c']);
    expect((await historyOf(name)).map((row) => row.migration_name)).toEqual(['001_a', '002_b', '003_c']);
  });

  it('refuses to go on when an applied migration was modified, naming it', async () => {
    const name = newDatabase();
    const dir = fixture({ '001_a': 'CREATE TABLE a (id int);' });
    await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });
    writeMigration(dir, '001_a', 'CREATE TABLE a (id bigint);');
    writeMigration(dir, '002_b', 'CREATE TABLE b (id int);');

    const run = runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });

    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/migration 001_a was modified after it was applied/);
    const tables = await withClient(name, (client) => client.query("SELECT to_regclass('b') AS b"));
    expect(tables.rows[0].b).toBeNull();
  });

  it('accepts a file whose line endings were converted, as Prisma does', async () => {
    const name = newDatabase();
    const dir = fixture({ '001_a': 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n' });
    await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });
    writeMigration(dir, '001_a', 'CREATE TABLE a (id int);\r\nCREATE TABLE b (id int);\r\n');

    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).resolves.toEqual({
      databaseCreated: false,
      applied: [],
    });
  });

  it('refuses to go on after a failed migration that was not marked rolled back', async () => {
    const name = newDatabase();
    const dir = fixture({ '001_a': 'CREATE TABLE a (id int);' });
    await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });
    // What prisma migrate deploy leaves behind when a migration breaks half-way.
    await withClient(name, (client) =>
      client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at)
         VALUES ('00000000-0000-4000-8000-000000000002', 'x', '002_broken', 'boom', now())`,
      ),
    );
    writeMigration(dir, '003_c', 'CREATE TABLE c (id int);');

    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      /migration 002_broken .*failed and is not marked as rolled back/,
    );

    await withClient(name, (client) =>
      client.query(
        `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '002_broken'`,
      ),
    );
    writeMigration(dir, '002_broken', 'CREATE TABLE broken_fixed (id int);');
    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '002_broken',
      '003_c',
    ]);
  });

  it('rolls a failing migration back entirely, records it as rolled back, and applies it once fixed', async () => {
    const name = newDatabase();
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);',
      '002_b': 'CREATE TABLE b (id int);\nINSERT INTO no_such_table VALUES (1);',
      '003_c': 'CREATE TABLE c (id int);',
    });

    const run = runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });

    await expect(run).rejects.toThrow(/migration 002_b failed and was rolled back: .*no_such_table/);
    const state = await withClient(name, async (client) => {
      const { rows } = await client.query(
        "SELECT to_regclass('a') AS a, to_regclass('b') AS b, to_regclass('c') AS c",
      );
      return rows[0];
    });
    expect(state).toEqual({ a: 'a', b: null, c: null });
    const failed = (await historyOf(name)).find((row) => row.migration_name === '002_b');
    expect(failed).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(failed.rolled_back_at).toBeInstanceOf(Date);
    expect(failed.logs).toMatch(/no_such_table/);

    writeMigration(dir, '002_b', 'CREATE TABLE b (id int);');
    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '002_b',
      '003_c',
    ]);
  });

  it('lets only one of two concurrent runners apply each migration', async () => {
    const name = newDatabase();
    const dir = fixture({
      // Slow enough that the second runner is surely waiting while the first one applies.
      '001_a': 'CREATE TABLE a (id int);\nSELECT pg_sleep(0.5);',
      '002_b': 'CREATE TABLE b (id int);',
    });

    const results = await Promise.all([
      runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir }),
      runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir }),
    ]);

    expect(results.flatMap((result) => result.applied).sort()).toEqual(['001_a', '002_b']);
    expect(results.filter((result) => result.databaseCreated)).toHaveLength(1);
    const rows = await historyOf(name);
    expect(rows.map((row) => row.migration_name)).toEqual(['001_a', '002_b']);
  });
});

describe('runMigrations with a no-transaction migration (-- leadline:no-transaction)', () => {
  const indexBuild = [
    '-- leadline:no-transaction',
    '-- A concurrent build does not block writes to a large table.',
    'CREATE INDEX CONCURRENTLY IF NOT EXISTS a_id_idx ON a (id);',
    'DROP INDEX CONCURRENTLY IF EXISTS a_old_idx;',
  ].join('\n');

  async function indexState(name: string, index: string) {
    return withClient(name, async (client) => {
      const { rows } = await client.query(
        `SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)`,
        [index],
      );
      return rows[0] ?? null;
    });
  }

  it('runs each statement alone, so CREATE and DROP INDEX CONCURRENTLY apply, and records the statements', async () => {
    const name = newDatabase();
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);\nCREATE INDEX a_old_idx ON a (id);',
      '002_index': indexBuild,
      '003_c': 'CREATE TABLE c (id int);',
    });

    const result = await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });

    expect(result.applied).toEqual(['001_a', '002_index', '003_c']);
    expect(await indexState(name, 'a_id_idx')).toEqual({ valid: true });
    expect(await indexState(name, 'a_old_idx')).toBeNull();
    const row = (await historyOf(name)).find((r) => r.migration_name === '002_index');
    expect(row).toMatchObject({ applied_steps_count: 2, rolled_back_at: null });
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.checksum).toBe(createHash('sha256').update(indexBuild).digest('hex'));
  });

  it('is what makes CREATE INDEX CONCURRENTLY possible: without the directive the migration is refused', async () => {
    const name = newDatabase();
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);',
      '002_index': indexBuild.replace('-- leadline:no-transaction\n', ''),
    });

    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      /migration 002_index failed and was rolled back: .*transaction block/,
    );
  });

  it('stops at a failing statement, keeps what ran, and refuses to go on until it is marked rolled back', async () => {
    const name = newDatabase();
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);',
      '002_half':
        '-- leadline:no-transaction\nCREATE TABLE b (id int);\nINSERT INTO no_such_table VALUES (1);\nCREATE TABLE d (id int);',
      '003_c': 'CREATE TABLE c (id int);',
    });

    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      /migration 002_half runs outside a transaction and failed at statement 2 of 3 \(the 1 before it stay applied\): .*no_such_table/,
    );
    const tables = await withClient(name, async (client) => {
      const { rows } = await client.query(
        "SELECT to_regclass('b') AS b, to_regclass('c') AS c, to_regclass('d') AS d",
      );
      return rows[0];
    });
    expect(tables).toEqual({ b: 'b', c: null, d: null });
    const failed = (await historyOf(name)).find((row) => row.migration_name === '002_half');
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 1 });
    expect(failed.logs).toMatch(/no_such_table/);
    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      /migration 002_half .*failed and is not marked as rolled back/,
    );

    // The person repairs: undoes what ran, fixes the file, marks the attempt rolled back.
    await withClient(name, (client) =>
      client.query(
        `DROP TABLE b; UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '002_half'`,
      ),
    );
    writeMigration(
      dir,
      '002_half',
      '-- leadline:no-transaction\nCREATE TABLE b (id int);\nCREATE TABLE d (id int);',
    );
    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '002_half',
      '003_c',
    ]);
  });

  it('names the INVALID index a failed concurrent build left, and a re-run that drops it first rebuilds it', async () => {
    const name = newDatabase();
    const build = (table: string) =>
      `-- leadline:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS a_partial_key;\nCREATE UNIQUE INDEX CONCURRENTLY a_partial_key ON ${table} (id) WHERE id IS NOT NULL;`;
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1), (1), (NULL);',
      '002_unique': build('a'),
    });

    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      /failed at statement 2 of 2 .*could not create unique index.* It left INVALID index "a_partial_key" \(a failed concurrent build\): drop it first\./,
    );
    expect(await indexState(name, 'a_partial_key')).toEqual({ valid: false });

    await withClient(name, (client) =>
      client.query(
        `DELETE FROM a WHERE id = 1; INSERT INTO a VALUES (1);
         UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '002_unique'`,
      ),
    );
    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '002_unique',
    ]);
    expect(await indexState(name, 'a_partial_key')).toEqual({ valid: true });
  });

  it('runs a DO block as one statement, all its statements on one connection (a SET holds for the next)', async () => {
    const name = newDatabase();
    const script = [
      '-- leadline:no-transaction',
      "SET lock_timeout = '1234ms';",
      "DO $$ BEGIN IF current_setting('lock_timeout') <> '1234ms' THEN RAISE EXCEPTION 'another session'; END IF;",
      '  INSERT INTO a VALUES (1); INSERT INTO a VALUES (2); END $$;',
      'RESET lock_timeout;',
    ].join('\n');
    const dir = fixture({ '001_a': 'CREATE TABLE a (id int);', '002_do': script });

    expect((await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).applied).toEqual([
      '001_a',
      '002_do',
    ]);
    const row = (await historyOf(name)).find((r) => r.migration_name === '002_do');
    expect(row).toMatchObject({ applied_steps_count: 3, rolled_back_at: null });
    const { rows } = await withClient(name, (client) => client.query('SELECT id FROM a ORDER BY id'));
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('lets two runners started together finish while one builds an index concurrently', async () => {
    const name = newDatabase();
    const dir = fixture({
      '001_a': 'CREATE TABLE a (id int);\nINSERT INTO a SELECT generate_series(1, 20000);',
      '002_index': indexBuild,
    });
    await withClient('postgres', (client) => client.query(`CREATE DATABASE "${name}"`));

    const results = await Promise.all([
      runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir, lockTimeoutMs: 30_000 }),
      runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir, lockTimeoutMs: 30_000 }),
    ]);

    expect(results.flatMap((result) => result.applied).sort()).toEqual(['001_a', '002_index']);
    expect(await indexState(name, 'a_id_idx')).toEqual({ valid: true });
  });
});

describe('npm run db:migrate (migrate.cli.ts)', () => {
  it('prints one line per applied migration, then that the database is up to date', async () => {
    const name = newDatabase();

    const first = runCli(databaseUrl(name));
    const second = runCli(databaseUrl(name));

    expect(first).toMatchObject({ status: 0, stderr: '' });
    expect(first.stdout.trim().split('\n')).toEqual([
      `created database "${name}"`,
      ...repoMigrations.map((m) => `applied ${m}`),
    ]);
    expect(second).toMatchObject({ status: 0, stdout: 'database is up to date\n', stderr: '' });
  });

  it('rejects a malformed DATABASE_URL with one line naming it and no stack trace', () => {
    const result = runCli('not a url');

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'db:migrate: DATABASE_URL is not a valid PostgreSQL URL (cannot be parsed): "not a url"\n',
    );
  });

  it('rejects a URL that is not PostgreSQL and does not print its password', () => {
    const result = runCli('mysql://root:hunter2@127.0.0.1:3306/leadline');

    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^db:migrate: DATABASE_URL is not a valid PostgreSQL URL \(scheme must be postgresql/,
    );
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names host and port when the server cannot be reached, and creates nothing', async () => {
    const name = newDatabase();

    const result = runCli(`postgresql://postgres@127.0.0.1:1/${name}`);

    expect(result.status).toBe(1);
    expect(result.stderr).toBe('db:migrate: cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)\n');
    expect(await databaseExists(name)).toBe(false);
  });
});
