import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { INGEST_TENANT_BATCH } from '../src/sql/ingest-statements';
import { waitFor } from './support/engine-harness';

/**
 * Two API processes each write their own group commits, so two batches of status webhooks may name
 * the same messages in different orders (Meta does not send one message's statuses to one process).
 * ll_ingest_tenant_batch updates a batch's messages in the messages' id order (issue 21, ninth
 * round), so two such batches lock the rows in one order: one waits for the other and both commit.
 * Before, the rows were updated in the batch's order, and two batches could each hold a row the
 * other waited for: PostgreSQL broke the deadlock by failing one batch (all of its webhooks got a
 * 5xx and were retried).
 *
 * The interleaving is made, not hoped for: a third transaction holds message C, so the first batch
 * (A, C, B) stops at C holding what it updated before; the second batch (B, A) then starts. Each step
 * waits (bounded) until the backend is seen waiting for a lock; nothing is timed.
 */
describe('ingest: statuses of the same messages in opposite orders (two API processes)', () => {
  const TENANT = '5d0c9a3e-2b7f-4c1d-8e6a-9f3b2c1d0e4a';
  const CHANNEL = '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';
  // Ids in a known order: A < B < C.
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';
  const C = '00000000-0000-4000-8000-00000000000c';
  const pmid = (id: string) => `wamid.order.${id.slice(-1)}`;

  let db: TestDatabase;
  const clients: Client[] = [];

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const setup = await connect();
    await setup.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'order', 'Order')`, [TENANT]);
    await setup.query(
      `INSERT INTO channels (id, tenant_id, provider, phone_number_id, display_phone) VALUES ($2, $1, 'meta', 'pn-order', '+1')`,
      [TENANT, CHANNEL],
    );
    await setup.query(
      `WITH k AS (INSERT INTO contacts (tenant_id, phone) VALUES ($1, '+351910000001') RETURNING id),
            v AS (INSERT INTO conversations (tenant_id, contact_id, channel_id) SELECT $1, id, $2 FROM k RETURNING id, contact_id)
       INSERT INTO messages (id, tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status, provider_message_id)
       SELECT m.id, $1, v.id, v.contact_id, $2, 'out', 'text', '{}', 'sent', m.pmid
       FROM v, unnest($3::uuid[], $4::text[]) AS m(id, pmid)`,
      [TENANT, CHANNEL, [A, B, C], [A, B, C].map(pmid)],
    );
    // Other messages of the channel, analysed, as in any live database: on three rows alone any plan
    // reads the table in its physical order (A, B, C), which hides the batch's order.
    await setup.query(
      `INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status, provider_message_id)
       SELECT tenant_id, conversation_id, contact_id, channel_id, 'out', 'text', '{}', 'sent', 'wamid.other.' || g
       FROM messages, generate_series(1, 2000) g WHERE id = $1`,
      [A],
    );
    await setup.query(`ANALYZE messages`);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await db?.drop();
  });

  /** One batch of `delivered` statuses, the function called as the API calls it (its own arrays). */
  function deliver(client: Client, ids: string[]) {
    const none = ids.map(() => null);
    const empty: string[] = [];
    return client.query(INGEST_TENANT_BATCH.text, [
      TENANT,
      ...Array.from({ length: 13 }, () => empty),
      ids.map(() => CHANNEL),
      ids.map(pmid),
      none,
      ids.map(() => 'delivered'),
      ids.map(() => 2),
      none,
      ids.map(() => new Date()),
      none,
      none,
      none,
      empty,
      empty,
      empty,
      empty,
    ]);
  }

  /** Waits (bounded) until the backend waits for a lock held by another transaction. */
  async function waitingForLock(observer: Client, client: Client): Promise<void> {
    const pid = (client as unknown as { processID: number }).processID;
    await waitFor(
      `backend ${pid} waiting for a lock`,
      async () => {
        const { rows } = await observer.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [
          pid,
        ]);
        return rows[0]?.wait_event_type === 'Lock' ? true : undefined;
      },
      10_000,
    );
  }

  it('both batches commit: the rows are locked in one order whatever the batches say', async () => {
    const [observer, holder, first, second] = [
      await connect(),
      await connect(),
      await connect(),
      await connect(),
    ];
    // A deadlock is found after deadlock_timeout (1 s by default): sooner here, so that the run
    // without the fix fails quickly (the assertions below do not depend on it).
    for (const client of [first, second]) await client.query(`SET deadlock_timeout = '50ms'`);
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM messages WHERE id = $1 FOR UPDATE`, [C]);

    await first.query('BEGIN');
    const firstCall = deliver(first, [A, C, B]).then(
      (result) => ({ ok: true as const, rows: result.rowCount }),
      (error: Error) => ({ ok: false as const, error: error.message }),
    );
    await waitingForLock(observer, first);
    await second.query('BEGIN');
    const secondCall = deliver(second, [B, A]).then(
      (result) => ({ ok: true as const, rows: result.rowCount }),
      (error: Error) => ({ ok: false as const, error: error.message }),
    );
    await waitingForLock(observer, second);
    await holder.query('ROLLBACK');

    const firstResult = await firstCall;
    await first.query(firstResult.ok ? 'COMMIT' : 'ROLLBACK');
    const secondResult = await secondCall;
    await second.query(secondResult.ok ? 'COMMIT' : 'ROLLBACK');

    expect(firstResult).toEqual({ ok: true, rows: 3 });
    expect(secondResult).toEqual({ ok: true, rows: 2 });
    const { rows } = await observer.query(`SELECT id, status FROM messages WHERE id = ANY($1) ORDER BY id`, [
      [A, B, C],
    ]);
    expect(rows).toEqual([A, B, C].map((id) => ({ id, status: 'delivered' })));
  });
});
