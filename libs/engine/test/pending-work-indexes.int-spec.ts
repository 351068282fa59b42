import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';

// The engine's scans of pending work must be able to use their partial indexes: PostgreSQL uses a
// partial index only when the query's WHERE implies the index's predicate, so a query and its index
// that drift apart silently fall back to reading the whole table. With sequential scans disabled the
// planner takes the index whenever it can; the SQL below is the sweeper's, relay's and send path's.
const SCANS: Array<{ index: string; sql: string }> = [
  {
    index: 'contact_events_unprocessed_idx',
    sql: `SELECT DISTINCT tenant_id, contact_id FROM contact_events
          WHERE processed_at IS NULL AND created_at < now() - interval '5 seconds' LIMIT 1000`,
  },
  {
    index: 'outbox_unpublished_idx',
    sql: `SELECT DISTINCT tenant_id FROM outbox WHERE published_at IS NULL AND created_at < now()`,
  },
  {
    index: 'outbox_unpublished_idx',
    sql: `SELECT id, kind, payload FROM outbox
          WHERE tenant_id = gen_random_uuid() AND published_at IS NULL ORDER BY id LIMIT 200`,
  },
  {
    index: 'run_timers_pending_idx',
    sql: `SELECT tenant_id, contact_id, run_id, timer_id, due_at FROM run_timers
          WHERE fired_at IS NULL AND cancelled_at IS NULL AND (false OR due_at < now())
          ORDER BY due_at LIMIT 100000`,
  },
  {
    index: 'messages_queued_idx',
    sql: `SELECT id FROM messages
          WHERE run_id = gen_random_uuid() AND direction = 'out' AND status = 'queued' AND id <> gen_random_uuid()
          LIMIT 1`,
  },
];

describe("the engine's pending-work scans use their partial indexes", () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('SET enable_seqscan = off');
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it.each(SCANS.map((scan) => [scan.index, scan.sql] as const))('%s: %s', async (index, sql) => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`);
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(index);
  });
});
