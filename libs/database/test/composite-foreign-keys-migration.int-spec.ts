import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIGRATIONS_DIR, readLocalMigrations, runMigrations } from '../src';
import { makeMigrationsDir } from './support/migration-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName, withClient } from './support/test-database';

// 20261212010100_composite_foreign_keys on a deployment in use: its short locks must not queue
// behind a long transaction for long (every request on the table would queue behind them), and
// adding a key must not take the table's ACCESS EXCLUSIVE lock, which blocks even reads.
const COMPOSITE_KEYS = '20261212010100_composite_foreign_keys';

const name = throwAwayDatabaseName();
const { dir, remove } = makeMigrationsDir({});

afterAll(async () => {
  remove();
  await dropDatabase(name);
});

function copyMigration(migration: string): void {
  cpSync(join(DEFAULT_MIGRATIONS_DIR, migration), join(dir, migration), { recursive: true });
}

it('adds each key without an exclusive lock, gives up on a lock after lock_timeout, and runs again once marked rolled back', async () => {
  const before = readdirSync(DEFAULT_MIGRATIONS_DIR).filter(
    (entry) => statSync(join(DEFAULT_MIGRATIONS_DIR, entry)).isDirectory() && entry < COMPOSITE_KEYS,
  );
  before.forEach(copyMigration);
  await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });
  copyMigration(COMPOSITE_KEYS);
  const statements = readLocalMigrations(dir).find((m) => m.name === COMPOSITE_KEYS)?.statements ?? [];
  const messagesDrop = statements.findIndex((s) =>
    s.includes('DROP CONSTRAINT IF EXISTS "messages_contact_id_fkey"'),
  );
  expect(messagesDrop).toBeGreaterThan(0);

  await withClient(name, async (reader) => {
    // A long read of messages: ACCESS SHARE, which only ACCESS EXCLUSIVE waits for.
    await reader.query('BEGIN');
    await reader.query('SELECT count(*) FROM messages');
    // The key of messages is added (SHARE ROW EXCLUSIVE) and validated beside the reader; dropping
    // the old keys waits for it, 5 s at most, instead of until the reader ends.
    await expect(runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir })).rejects.toThrow(
      new RegExp(`failed at statement ${messagesDrop + 1} of ${statements.length} .*lock timeout`),
    );
    await reader.query('ROLLBACK');

    await reader.query(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1 AND finished_at IS NULL`,
      [COMPOSITE_KEYS],
    );
  });

  const again = await runMigrations({ databaseUrl: databaseUrl(name), migrationsDir: dir });
  expect(again.applied).toEqual([COMPOSITE_KEYS]);
  const keys = await withClient(name, async (client) => {
    const { rows } = await client.query<{ conname: string; convalidated: boolean }>(
      `SELECT conname, convalidated FROM pg_constraint
        WHERE conrelid = 'messages'::regclass AND contype = 'f' AND conname LIKE '%contact_id%' ORDER BY 1`,
    );
    return rows;
  });
  expect(keys).toEqual([{ conname: 'messages_tenant_id_contact_id_fkey', convalidated: true }]);
}, 60_000);
