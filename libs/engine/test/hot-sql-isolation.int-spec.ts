import { createPrismaClient, pgPoolOf, runMigrations, type PrismaClient } from '@leadline/database';
import type { Pool } from 'pg';
import { seedTenant, type TenantRows } from '../../database/test/support/tenant-fixtures';
import { databaseUrl, dropDatabase, throwAwayDatabaseName } from '../../database/test/support/test-database';
import { hotTenantTransaction } from '../src/sql/hot-sql';
import {
  claimStatement,
  CONVERSATION_CHANNEL,
  FLOW_VERSION,
  lockContactSql,
  markAttemptedSql,
} from '../src/sql/hot-statements';
import { UNREAD_INBOUND_LATERAL } from '../src/mark-read';

/**
 * The plain-SQL hot path keeps the tenant scope withTenant gives: row-level security hides another
 * tenant's rows from its prelude and its prepared statements, and the pooled connection is back to
 * the connecting role once a transaction ends, committed, abandoned or failed.
 */
const database = throwAwayDatabaseName();
let prisma: PrismaClient;
let pool: Pool;
let a: TenantRows;
let b: TenantRows;
const CLAIM = claimStatement(UNREAD_INBOUND_LATERAL);

beforeAll(async () => {
  await runMigrations({ databaseUrl: databaseUrl(database) });
  // One connection: every test also proves the scope does not leak to the connection's next user.
  prisma = createPrismaClient({ url: databaseUrl(database), maxConnections: 1 });
  pool = pgPoolOf(prisma)!;
  a = await seedTenant(prisma, 'a');
  b = await seedTenant(prisma, 'b');
});

afterAll(async () => {
  await prisma?.$disconnect();
  await dropDatabase(database);
});

async function connectionScope() {
  const result = await pool.query<{ back: boolean; tenant: string | null }>(
    `SELECT current_user = session_user AS back, NULLIF(current_setting('app.tenant_id', true), '') AS tenant`,
  );
  return result.rows[0];
}

it('shares the Prisma client pool', () => {
  expect(pool).toBeDefined();
});

it("sees its own tenant's rows and none of another's", async () => {
  const seen = await hotTenantTransaction(
    pool,
    a.tenantId,
    [lockContactSql(a.contactId)],
    async (tx, [own]) => ({
      own: own.rows.length,
      claimOwn: (await tx.run(CLAIM, [a.messageId, a.tenantId])).length,
      versionOwn: (await tx.run(FLOW_VERSION, [a.versionId])).length,
      channelOwn: (await tx.run(CONVERSATION_CHANNEL, [a.conversationId])).length,
    }),
  );
  expect(seen).toEqual({ own: 1, claimOwn: 1, versionOwn: 1, channelOwn: 1 });
  const other = await hotTenantTransaction(
    pool,
    a.tenantId,
    [lockContactSql(b.contactId)],
    async (tx, [lock]) => ({
      lock: lock.rows.length,
      // The claim names its tenant too; asked for B's message under A's scope, RLS hides it anyway.
      claim: (await tx.run(CLAIM, [b.messageId, b.tenantId])).length,
      version: (await tx.run(FLOW_VERSION, [b.versionId])).length,
      channel: (await tx.run(CONVERSATION_CHANNEL, [b.conversationId])).length,
    }),
  );
  expect(other).toEqual({ lock: 0, claim: 0, version: 0, channel: 0 });
  expect(await connectionScope()).toEqual({ back: true, tenant: null });
});

it('commits the last write sent with COMMIT; an abandoned or failed transaction changes nothing', async () => {
  const at = new Date('2026-01-02T03:04:05.000Z');
  await hotTenantTransaction(pool, a.tenantId, [], async (tx) =>
    tx.commitWith(markAttemptedSql(a.messageId, at)),
  );
  await hotTenantTransaction(pool, b.tenantId, [], async (tx) => {
    tx.commitWith(markAttemptedSql(b.messageId, at));
    tx.abandon();
  });
  await expect(
    hotTenantTransaction(pool, b.tenantId, [], async (tx) => {
      await tx.run(CLAIM, [b.messageId, b.tenantId]);
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  // A's mark under B's scope matches no row: RLS, not the statement, keeps it out.
  await hotTenantTransaction(pool, b.tenantId, [], async (tx) =>
    tx.commitWith(markAttemptedSql(a.messageId, new Date('2030-01-01T00:00:00.000Z'))),
  );
  const { rows } = await pool.query<{ id: string; send_attempted_at: Date | null }>(
    'SELECT id::text, send_attempted_at FROM messages WHERE id = ANY($1::uuid[])',
    [[a.messageId, b.messageId]],
  );
  const attempted = Object.fromEntries(rows.map((row) => [row.id, row.send_attempted_at]));
  expect(attempted[a.messageId]).toEqual(at);
  expect(attempted[b.messageId]).toBeNull();
  expect(await connectionScope()).toEqual({ back: true, tenant: null });
});
