import { createPrismaClient, pgPoolOf, type PrismaClient } from '@leadline/database';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { IngestBatcher } from '../src';
import { forgetAllLookups } from '../src/lookup-cache';
import { inboundText, sandboxTenant } from './support/sandbox-ingest';

/**
 * What an ingest transaction writes for a webhook of a new contact (issue 21, tenth round): its WAL
 * records, read back with pg_walinspect and kept to the transaction's own id (the server is shared,
 * so other transactions' records are left out), counted per relation. Every B-tree leaf insert is one
 * index entry. A new contact has no pipeline stage and its new conversation nobody assigned: the
 * stage and assignee indexes leave NULLs out (migration 20261211030000_ingest_fewer_index_entries),
 * so those two indexes get no entry; the queries that read them still use them.
 */
describe('ingest: the index entries a new contact writes', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let tenantId = '';
  const phoneNumberId = 'entries-1';
  const WEBHOOKS = 8;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient({ url: db.url, maxConnections: 3 });
    await prisma.$executeRawUnsafe('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    ({ tenantId } = await sandboxTenant(prisma, 'entries', phoneNumberId, '+15553200001'));
    forgetAllLookups();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  /** B-tree leaf inserts of the ingest transaction (its WAL records), by the index of their first block. */
  async function leafInsertsOfIngest(): Promise<{ leafInserts: number; byRelation: Map<string, number> }> {
    const pool = pgPoolOf(prisma)!;
    const start = (await pool.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn'))
      .rows[0].lsn;
    // One batch of new contacts, one transaction (the API's path: maxRows reached, written at once).
    const batcher = new IngestBatcher(prisma, { maxDelayMs: 600_000, maxRows: WEBHOOKS });
    const outcomes = await Promise.all(
      Array.from({ length: WEBHOOKS }, (_, i) =>
        batcher.ingest(inboundText(phoneNumberId, `+35193200000${i}`, `wamid.entries.${i}`)),
      ),
    );
    expect(outcomes.every((o) => o.outcome === 'accepted')).toBe(true);
    const { rows: contacts } = await pool.query<{ xid: string }>(
      `SELECT DISTINCT xmin::text AS xid FROM contacts WHERE phone LIKE '+3519320000%'`,
    );
    expect(contacts).toHaveLength(1);
    const { rows } = await pool.query<{ record: string; rel: string | null }>(
      `SELECT w.resource_manager || '/' || w.record_type AS record, c.relname::text AS rel
         FROM pg_get_wal_records_info($1::pg_lsn, pg_current_wal_flush_lsn()) w
         LEFT JOIN pg_class c
           ON pg_relation_filenode(c.oid) = (substring(w.block_ref FROM 'rel \\d+/\\d+/(\\d+)'))::oid
        WHERE w.xid = $2::xid`,
      [start, contacts[0].xid],
    );
    const byRelation = new Map<string, number>();
    let leafInserts = 0;
    for (const row of rows) {
      if (row.record !== 'Btree/INSERT_LEAF') continue;
      leafInserts += 1;
      byRelation.set(row.rel ?? '?', (byRelation.get(row.rel ?? '?') ?? 0) + 1);
    }
    return { leafInserts, byRelation };
  }

  it('writes 19 B-tree entries per webhook, none in the stage or assignee index', async () => {
    const { leafInserts, byRelation } = await leafInsertsOfIngest();
    // contacts 5 (pkey, tenant+phone, created, name, tenant+id), conversations 4 (pkey, contact,
    // channel, tenant+last message), messages 4 (pkey, conversation+created, contact, channel+provider
    // id), contact_events 4 (pkey, dedupe key, contact+processed, unprocessed), contact_activity 2.
    // Before the partial indexes: 20 (+ contacts' stage index, + conversations' assignee index).
    // Issue 21, eleventh round: + contacts (tenant_id, id), the composite foreign keys' target
    // (migration 20261212010000_tenant_scoped_keys), one entry against 4 RI checks saved per new
    // contact (foreign-key-checks.int-spec.ts): 18 -> 19.
    expect(leafInserts / WEBHOOKS).toBe(19);
    expect(byRelation.get('contacts_tenant_id_id_key')).toBe(WEBHOOKS);
    expect(byRelation.get('contacts_tenant_id_stage_id_updated_at_idx')).toBeUndefined();
    expect(byRelation.get('conversations_assigned_user_id_idx')).toBeUndefined();
    expect(byRelation.get('contacts_tenant_id_created_at_id_idx')).toBe(WEBHOOKS);
    expect(byRelation.get('conversations_tenant_id_last_message_at_idx')).toBe(WEBHOOKS);
  });

  it('the board and the inbox still read the partial indexes', async () => {
    const plan = async (sql: string, params: unknown[]) => {
      const client = await pgPoolOf(prisma)!.connect();
      try {
        await client.query('BEGIN');
        // A few rows: without this the planner would rightly read the table; the question is only
        // whether the index's predicate is implied by the query.
        await client.query('SET LOCAL enable_seqscan = off');
        const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        return JSON.stringify(rows[0]);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    };
    const stage = '00000000-0000-4000-8000-000000000001';
    // The board's column (pipeline.service.ts) and its count.
    expect(
      await plan(
        'SELECT id FROM contacts WHERE tenant_id = $1 AND stage_id = $2 ORDER BY updated_at DESC, id DESC LIMIT 20',
        [tenantId, stage],
      ),
    ).toContain('contacts_tenant_id_stage_id_updated_at_idx');
    expect(
      await plan('SELECT stage_id, count(*) FROM contacts WHERE stage_id IS NOT NULL GROUP BY stage_id', []),
    ).toContain('contacts_tenant_id_stage_id_updated_at_idx');
    // The inbox's "mine" filter and the user's ON DELETE SET NULL.
    expect(await plan('SELECT id FROM conversations WHERE assigned_user_id = $1', [stage])).toContain(
      'conversations_assigned_user_id_idx',
    );
  });
});
