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
    // Pending timers, claimed or not (the Temporal engine's next due timer, the timers gauges).
    index: 'run_timers_pending_idx',
    sql: `SELECT tenant_id, contact_id, run_id, timer_id, due_at FROM run_timers
          WHERE fired_at IS NULL AND cancelled_at IS NULL AND (false OR due_at < now())
          ORDER BY due_at LIMIT 100000`,
  },
  {
    // The timer poller's claim (sql/timer-statements.ts ll_fire_due_timers_v1): unclaimed due timers.
    index: 'run_timers_due_idx',
    sql: `SELECT id FROM run_timers
          WHERE due_at <= now() AND enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL
            AND (NULL::uuid IS NULL OR tenant_id = NULL::uuid)
          ORDER BY due_at LIMIT 500 FOR UPDATE SKIP LOCKED`,
  },
  {
    // The poller's next wake-up: the earliest unclaimed timer due later.
    index: 'run_timers_due_idx',
    sql: `SELECT min(due_at) FROM run_timers
          WHERE due_at > now() AND enqueued_at IS NULL AND fired_at IS NULL AND cancelled_at IS NULL`,
  },
  {
    // The send claim's earlier-queued check (hot-statements.ts ll_send_claim_v1, send-messages.ts).
    index: 'messages_queued_idx',
    sql: `SELECT id FROM messages
          WHERE run_id = gen_random_uuid() AND direction = 'out' AND status = 'queued' AND id <> gen_random_uuid()
            AND provider_message_id IS NULL AND failed_at IS NULL
          LIMIT 1`,
  },
  {
    // A campaign's backlog (libs/campaigns dispatch-batch.ts): its queued messages have no run.
    index: 'messages_queued_idx',
    sql: `SELECT count(*)::int FROM messages m
          WHERE m.status = 'queued' AND m.run_id IS NULL AND m.channel_id = gen_random_uuid()
            AND m.provider_message_id IS NULL AND m.failed_at IS NULL AND m.idempotency_key LIKE 'campaign:%'`,
  },
  {
    // The sweeper's re-publish window (sweeper.ts republishPending).
    index: 'outbox_published_at_idx',
    sql: `SELECT o.id FROM outbox o WHERE o.published_at >= now() - interval '1 minute' ORDER BY o.id LIMIT 100000`,
  },
  {
    // The retention purge (libs/data-rights apply-retention.ts).
    index: 'outbox_published_at_idx',
    sql: `SELECT id FROM outbox WHERE published_at IS NOT NULL AND published_at < now() LIMIT 1000`,
  },
  {
    // The Temporal hand-over (libs/temporal hand-over.ts).
    index: 'outbox_published_at_idx',
    sql: `SELECT s.id FROM outbox s WHERE s.kind = 'activity' AND s.published_at >= now() - interval '1 hour'
            AND s.published_at < now()`,
  },
  {
    // The metrics scrape's handoff count (state-snapshot.ts readHandoffs; issue 21, eleventh round: it
    // read the whole conversations table at every scrape).
    index: 'conversations_handoff_waiting_idx',
    sql: `SELECT count(*)::int AS waiting,
                 min(coalesce(
                   (SELECT max(r.updated_at) FROM flow_runs r WHERE r.conversation_id = c.id AND r.status = 'handoff'),
                   c.updated_at)) AS oldest
          FROM conversations c WHERE c.status = 'handoff' AND c.assigned_user_id IS NULL`,
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

  // Issue 21, eleventh round, review: the handoff index was first keyed on updated_at, which no query
  // needs; an indexed updated_at makes every update that sets it (a step's) a non-HOT update, a new
  // entry in every index of conversations. No index of conversations names it.
  it('no index of conversations names updated_at (its updates stay HOT)', async () => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'conversations'::regclass`,
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((row) => row.def).filter((def) => def.includes('updated_at'))).toEqual([]);
  });
});
