import { createPrismaClient, pgPoolOf, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { PoolClient } from 'pg';
import { IngestBatcher } from '../src';
import { forgetAllLookups } from '../src/lookup-cache';
import { INGEST_TENANT_BATCH } from '../src/sql/ingest-statements';
import { inboundText, sandboxTenant } from './support/sandbox-ingest';

/**
 * How many conversations rows ll_ingest_tenant_batch reads to find a message's open conversation
 * (issue 21, eighth round). It used to join the batch's contacts against the tenant's conversations,
 * a join the planner served, on a table growing faster than its statistics (every webhook of a
 * campaign's first replies adds one), by reading EVERY conversation of the tenant through the
 * tenant index (the webhook-ingest bench: 8,186 rows, 2.4 ms of a 5.4 ms call at 8,000 webhooks).
 * Now a contact the call itself created is known to have none, so nothing is read for it (before:
 * all 400 of the tenant's here). A known contact's conversation is still looked up, per (contact,
 * channel) with LIMIT 1; that it is found and touched, not doubled, is ingest-batch.int-spec's and
 * ingest-race.int-spec's to check.
 * Counted in the transaction's own table statistics (pg_stat_xact_user_tables), so exact.
 */
describe('ingest: the open conversation found without reading the tenant', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId = '';
  let channelId = '';
  const phoneNumberId = 'lookup-1';

  const message = (phone: string, id: string) => inboundText(phoneNumberId, phone, id);

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 3 });
    ({ tenantId, channelId } = await sandboxTenant(prisma, 'lookup', phoneNumberId, '+15553100001'));
    forgetAllLookups();
    // 400 contacts with an open conversation each, by the API's own path (batches of 100).
    const batcher = new IngestBatcher(prisma, { maxDelayMs: 600_000, maxRows: 100 });
    const events = Array.from({ length: 400 }, (_, i) =>
      batcher.ingest(message(`+3519120${String(i).padStart(5, '0')}`, `wamid.seed.${i}`)),
    );
    const outcomes = await Promise.all(events);
    expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** Conversations rows this backend read and has not yet reported (a delta is exact). */
  async function readSoFar(client: PoolClient): Promise<number> {
    const stats = await client.query(
      `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
       FROM pg_stat_xact_user_tables WHERE relname = 'conversations'`,
    );
    return Number(stats.rows[0].read);
  }

  /** One call of the function with text messages, in a transaction rolled back after the count. */
  async function conversationRowsRead(messages: Array<{ phone: string; id: string }>): Promise<number> {
    const client: PoolClient = await pgPoolOf(prisma)!.connect();
    try {
      await client.query('BEGIN');
      const before = await readSoFar(client);
      const at = new Date();
      const phones = [...new Set(messages.map((m) => m.phone))].sort();
      const none = (list: readonly unknown[]) => list.map(() => null);
      const rows = await client.query(INGEST_TENANT_BATCH.text, [
        tenantId,
        phones,
        phones.map(() => 'Ana'),
        phones.map(() => at),
        none(phones),
        messages.map((m) => m.phone),
        messages.map(() => channelId),
        messages.map(() => at),
        messages.map(() => 'text'),
        messages.map((m) => JSON.stringify({ type: 'text', text: m.id })),
        messages.map((m) => m.id),
        messages.map((m) => JSON.stringify({ message: { type: 'text', text: m.id, id: m.id }, channelId })),
        messages.map((m) => `inbound:${channelId}:${m.id}`),
        messages.map((m) => m.id),
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        none(messages),
        none(messages),
        none(messages),
        none(messages),
      ]);
      expect(rows.rows.filter((row: { message_id: string | null }) => row.message_id)).toHaveLength(
        messages.length,
      );
      return (await readSoFar(client)) - before;
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  }

  it('reads no conversation for contacts the call creates (beyond the messages foreign-key checks)', async () => {
    const fresh = Array.from({ length: 5 }, (_, i) => ({ phone: `+3519130000${i}`, id: `wamid.fresh.${i}` }));
    // One key-share check per inserted message (messages.conversation_id): nothing else.
    expect(await conversationRowsRead(fresh)).toBe(fresh.length);
  });
});
