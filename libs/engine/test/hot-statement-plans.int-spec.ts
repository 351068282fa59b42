import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import type { HotStatement } from '../src/sql/hot-sql';
import {
  MARK_READ,
  PERSIST_STEPS,
  persistStepsFor,
  RECORD_INLINE_SENT,
  RELEASE_INLINE_CLAIM,
} from '../src/sql/hot-statements';
import type { PersistStepRow } from '../src/sql/hot-statements';
import { fillPlansFixture, PLANS_CHANNEL, PLANS_TENANT } from './plans-fixture';

// The hot statements run as named prepared statements (and ll_ingest_tenant_batch's as PL/pgSQL's
// cached plans), so after a few executions PostgreSQL runs them on a GENERIC plan, made once per
// connection without the parameters' values and often while the tables' statistics are missing or
// small, and keeps it. Such a plan must find its rows by key whatever the statistics say; these cases
// failed before issue 21's fifth round (pg_stat_statements in the conversation-step bench: the status
// lookup read ~1,100 buffers a call, the trace's seq lookup every trace row of the tenant).
// Plans are read with plan_cache_mode = force_generic_plan, as the role the statements run under.

const TENANT = PLANS_TENANT;
const CHANNEL = PLANS_CHANNEL;

describe("the hot statements' generic plans find their rows by key", () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    // The fixture (plans-fixture.ts): one tenant's 50 runs, with their trace, timers and messages.
    // The trace and the timers are never analysed (as in a young database or a busy new tenant): the
    // planner's defaults then made the tenant_id index look as selective as the run's key, and the
    // partial pending-timers index look cheaper than the timer's key. The messages are analysed only
    // for the status lookup's case (the last: its old generic plan read them all even so).
    await client.query(`ALTER TABLE run_events SET (autovacuum_enabled = false)`);
    await client.query(`ALTER TABLE run_timers SET (autovacuum_enabled = false)`);
    await client.query(`ALTER TABLE messages SET (autovacuum_enabled = false)`);
    await fillPlansFixture(client);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  // The send path's statements run outside a tenant scope and name the tenant: its index must not
  // serve that condition (a BitmapAnd with it, or it alone, read every message of the tenant).
  it.each([
    ['RECORD_INLINE_SENT', RECORD_INLINE_SENT, 5, /messages_pkey\s*\n\s*Index Cond: \(id = ANY \(\$1\)\)/],
    [
      'RELEASE_INLINE_CLAIM',
      RELEASE_INLINE_CLAIM,
      3,
      /messages_pkey\s*\n\s*Index Cond: \(id = ANY \(\$1\)\)/,
    ],
    [
      'MARK_READ',
      MARK_READ,
      4,
      /messages_conversation_id_created_at_idx\s*\n\s*Index Cond: \(\(conversation_id = \$2\)/,
    ],
    // The answers' group commit (RECORD_ANSWER_BATCH, issue 21's sixth round) calls a function since
    // the tenth round: its statements' generic plans are held by batch-key-probes.int-spec.ts.
  ] as const)(
    '%s finds its messages by key, never through the tenant index',
    async (_name, statement, params, key) => {
      const plan = (await genericPlan(statement, params, false)).join('\n');
      expect(plan).toMatch(key);
      expect(plan).not.toContain('messages_tenant_id_idempotency_key_key');
    },
  );

  // Issue 21, ninth round: the statuses part takes one status's values per statement (not the
  // arrays), so its generic plan, which PL/pgSQL keeps after five calls instead of planning at every
  // call, must be the key probe. Three statuses: one found by its provider id, one by our own id
  // echoed back (its provider id unknown), one of no message.
  it("ll_ingest_tenant_batch's statuses part finds and updates each message by key, reading only those rows", async () => {
    await client.query(`ANALYZE messages`);
    const known = await client.query<{ id: string; provider_message_id: string }>(
      `SELECT id, provider_message_id FROM messages ORDER BY provider_message_id LIMIT 2`,
    );
    const [byProviderId, byCallback] = known.rows;
    // auto_explain hands the plans of the statements inside the function to the client as notices.
    const notices: string[] = [];
    const onNotice = (notice: { message?: string }) => notices.push(notice.message ?? '');
    client.on('notice', onNotice);
    let read = -1;
    let rows: Array<{ kind: string; ord: number }> = [];
    try {
      await client.query('BEGIN');
      await client.query(`LOAD 'auto_explain'`);
      await client.query(`SET LOCAL auto_explain.log_min_duration = 0`);
      await client.query(`SET LOCAL auto_explain.log_nested_statements = on`);
      await client.query(`SET LOCAL auto_explain.log_level = notice`);
      await client.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      // Messages rows this backend read and has not yet reported (a delta inside one transaction is exact).
      const readSoFar = async () =>
        Number(
          (
            await client.query(
              `SELECT coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
               FROM pg_stat_xact_user_tables WHERE relname = 'messages'`,
            )
          ).rows[0].read,
        );
      const before = await readSoFar();
      rows = (
        await client.query(
          `SELECT kind, ord FROM ll_ingest_tenant_batch($1::uuid, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
             '{}', '{}', ARRAY[$2, $2, $2]::uuid[], ARRAY[$3, 'wamid.lost', 'wamid.nobody'],
             ARRAY[NULL, $4, NULL]::uuid[], ARRAY['read', 'sent', 'delivered'], ARRAY[3, 1, 2],
             ARRAY[NULL, now(), NULL]::timestamptz[], ARRAY[NULL, NULL, now()]::timestamptz[],
             ARRAY[now(), NULL, NULL]::timestamptz[], ARRAY[NULL, NULL, NULL]::text[],
             ARRAY[NULL, NULL, NULL]::text[], '{}', '{}', '{}', '{}')`,
          [TENANT, CHANNEL, byProviderId.provider_message_id, byCallback.id],
        )
      ).rows;
      read = (await readSoFar()) - before;
    } finally {
      await client.query('ROLLBACK');
      client.off('notice', onNotice);
    }
    expect(rows.sort((x, y) => x.ord - y.ord)).toEqual([
      { kind: 'status', ord: 1 },
      { kind: 'status', ord: 2 },
    ]);
    // Each message row read once by its lookup and once by its update: 2 + 2 (the unknown one none).
    // The set-based form's generic plan read every message of the tenant here (5,000 and more).
    expect(read).toBe(4);
    const plans = notices
      .filter((notice) => /Query Text: [^]*(v_pmid|v_callback|v_target)/.test(notice))
      .join('\n');
    expect(plans).toMatch(
      /messages_channel_id_provider_message_id_key on messages x [^\n]*\n\s*Index Cond: \(\(channel_id = \$\d+\) AND \(provider_message_id = \$\d+\)\)/,
    );
    expect(plans).toMatch(
      /messages_pkey on messages x [^\n]*\n\s*Index Cond: \(id = \$\d+\)\s*\n\s*Filter: \(\(channel_id = \$\d+\)/,
    );
    expect(plans).toMatch(
      /Update on messages m[\s\S]*messages_pkey on messages m [^\n]*\n\s*Index Cond: \(id = \$\d+\)/,
    );
    expect(plans).not.toMatch(/(Seq|Bitmap Heap) Scan on messages/);
  });

  // Issue 21, ninth round: and PL/pgSQL keeps that generic plan. The set-based form was planned
  // again at every call (plans/call 1.00 in the conversation-step bench, 0.38 ms a call): its
  // generic plan, sized for arrays of 10, looked dearer than a custom plan for one status. Counted:
  // with log_planner_stats, every run of the planner sends the client one "PLANNER STATISTICS"
  // message; after five calls of a connection (PL/pgSQL makes five custom plans before it weighs
  // the generic one), a call of the statuses part plans only the call itself.
  it("ll_ingest_tenant_batch's statuses part is not planned again at every call", async () => {
    const session = new Client({ connectionString: db.url });
    await session.connect();
    const planned: string[] = [];
    session.on('notice', (notice: { message?: string }) => {
      if (notice.message === 'PLANNER STATISTICS') planned.push(notice.message);
    });
    const call = (n: number) =>
      session.query(
        `SELECT kind, ord FROM ll_ingest_tenant_batch($1::uuid, '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}',
           '{}', '{}', ARRAY[$2::uuid], ARRAY[$3], ARRAY[$4::uuid], ARRAY['delivered'], ARRAY[2],
           ARRAY[NULL]::timestamptz[], ARRAY[now()], ARRAY[NULL]::timestamptz[], ARRAY[NULL]::text[],
           ARRAY[NULL]::text[], '{}', '{}', '{}', '{}')`,
        [TENANT, CHANNEL, `wamid.replan.${n}`, '3f0e6a52-1c9b-4d7e-8a2f-5b6c7d8e9f0a'],
      );
    try {
      for (let n = 1; n <= 6; n += 1) {
        await session.query('BEGIN');
        await call(n);
        await session.query('ROLLBACK');
      }
      await session.query('BEGIN');
      await session.query(`SET LOCAL client_min_messages = log`);
      await session.query(`SET LOCAL log_planner_stats = on`);
      await call(7);
      await session.query('ROLLBACK');
    } finally {
      await session.end();
    }
    // The call's own SELECT: nothing inside the function.
    expect(planned).toHaveLength(1);
  });

  // The batch statements (issue 21, sixth round) take their rows as arrays or a JSON array, whose
  // size a generic plan does not know: on these thin statistics their generic plans read the
  // tenant's runs, events and timers through its tenant index, and so did their custom plans (a
  // custom plan sees no more of a JSON array or an array read through a sub-SELECT): since the ninth
  // round both are prepared once per connection, and PostgreSQL makes their plans again when a
  // table's statistics change. Analysed, every table they touch is reached by key.
  describe('the batch statements', () => {
    beforeAll(async () => {
      for (const table of ['flow_runs', 'run_events', 'run_timers', 'contact_events', 'campaign_recipients'])
        await client.query(`ANALYZE ${table}`);
    });

    it("PERSIST_STEPS reaches each run, its trace's last seq and its timers by the run's key", async () => {
      const { rows } = await client.query<{
        id: string;
        contact_id: string;
        flow_id: string;
        flow_version_id: string;
      }>(`SELECT id, contact_id, flow_id, flow_version_id FROM flow_runs LIMIT 2`);
      const steps = rows.map((run) => ({
        ...stepOf(run),
        conversation: null,
        channel: null,
        messages: [],
        send: null,
        cancelled: ['t1'],
        claimAt: null,
      }));
      const lines = await customPlan(PERSIST_STEPS, [
        JSON.stringify(steps),
        TENANT,
        new Date().toISOString(),
      ]);
      const plan = lines.join('\n');
      // The fixture's runs and events fit in a page or two (a scan is their best plan); its timers
      // and trace are the tables that grow with a tenant.
      expect(plan).not.toMatch(/(Seq Scan|tenant_id_idx) on (run_events|run_timers)/);
      expect(plan).toMatch(/run_timers_pkey( on run_timers \w+)?\s*\n\s*Index Cond: \(id = ANY/);
      expect(plan).toMatch(
        /run_timers_run_id_timer_id_key on run_timers \w+\s*\n\s*Index Cond: \(\(run_id = s\w*\.run_id\) AND \(timer_id = c\.timer_id\)\)/,
      );
      const reads = lines
        .map((line, index) => ({ line, next: lines[index + 1] ?? '' }))
        .filter(({ line }) => / on run_events/.test(line) && !/Insert on/.test(line));
      expect(reads.length).toBeGreaterThan(0);
      for (const { next } of reads) expect(next).toMatch(/Index Cond: .*run_id = /);
    });

    // Issue 21, seventh round: the claim's "an earlier message of the run still waits" check was an
    // anti join, hashed over every queued message of every tenant (here: the whole
    // messages_queued_idx) or, in a bench run whose messages were not analysed yet, over the whole
    // table (auto_explain: a sequential scan of messages in every PERSIST_STEPS call). A campaign's
    // thousands of queued messages would be read by every batch. It must probe each run's key.
    it("PERSIST_STEPS, whole and in its lean shape, checks each run's queued messages and reads its trace by the run's key", async () => {
      const { rows } = await client.query<{
        id: string;
        contact_id: string;
        flow_id: string;
        flow_version_id: string;
        conversation_id: string;
      }>(
        `SELECT r.id, r.contact_id, r.flow_id, r.flow_version_id, v.id AS conversation_id
         FROM flow_runs r JOIN conversations v ON v.contact_id = r.contact_id LIMIT 8`,
      );
      const steps = rows.map((run, index) => ({
        ...stepOf(run),
        conversation: run.conversation_id,
        channel: CHANNEL,
        messages: [
          {
            id: `00000000-0000-4000-8000-00000000000${index}`,
            type: 'text',
            body: {},
            key: `${run.id}:s1`,
            template: null,
          },
        ],
        send: { runId: run.id },
        cancelled: [],
        claimAt: new Date().toISOString(),
      }));
      // Both the whole statement and the lean shape most batches send (nothing armed, cancelled or
      // queued, no run completed: persistStepsFor leaves those parts out).
      const lean = persistStepsFor([
        { armed: [], cancelled: [], queued: [], summary: null } as unknown as PersistStepRow,
      ]);
      expect(lean.text).not.toBe(PERSIST_STEPS.text);
      for (const statement of [PERSIST_STEPS, lean]) {
        const lines = await customPlan(statement, [JSON.stringify(steps), TENANT, new Date().toISOString()]);
        const plan = lines.join('\n');
        expect(plan).not.toMatch(/Seq Scan on (messages|run_events)/);
        expect(plan).toMatch(
          /messages_queued_idx on messages e\s*\n\s*Index Cond: \(run_id = s\w*\.run_id\)/,
        );
        const reads = lines
          .map((line, index) => ({ line, next: lines[index + 1] ?? '' }))
          .filter(({ line }) => / on run_events/.test(line) && !/Insert on/.test(line));
        for (const { next } of reads) expect(next).toMatch(/Index Cond: .*run_id = /);
      }
    });

    // APPLY_HEADS calls a function since the tenth round: its statements' generic plans (every head,
    // reply and fired timer by key) are held by batch-key-probes.int-spec.ts.
  });

  /** A step of this run writing one trace row and nothing else: PERSIST_STEPS's row, to extend. */
  function stepOf(run: { id: string; contact_id: string; flow_id: string; flow_version_id: string }) {
    return {
      run: run.id,
      state: {},
      status: 'waiting',
      node: 'n',
      vars: {},
      endedAt: null,
      engine: 'embedded',
      flow: run.flow_id,
      version: run.flow_version_id,
      trace: [{ at: new Date().toISOString(), type: 'node.enter', node: 'n', port: null, data: null }],
      contact: run.contact_id,
      armed: [],
      queued: [],
      summary: null,
      shown: {},
    };
  }

  /** A statement's plan for these values, as the tenant role under the tenant's scope, planned now. */
  async function customPlan(
    statement: HotStatement<unknown>,
    values: unknown[],
    scoped = true,
  ): Promise<string[]> {
    await client.query('BEGIN');
    try {
      if (scoped)
        await client.query(
          `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
          [TENANT],
        );
      await client.query(`SET LOCAL plan_cache_mode = force_custom_plan`);
      await client.query(`PREPARE plan_probe AS ${statement.text}`);
      const literals = values.map((value) => `'${String(value).replace(/'/g, "''")}'`).join(', ');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (COSTS OFF) EXECUTE plan_probe(${literals})`,
      );
      return rows.map((row) => row['QUERY PLAN']);
    } finally {
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE ALL');
    }
  }

  /** The generic plan of a hot statement: as the tenant role under the tenant's scope, or as the login role. */
  async function genericPlan(
    statement: HotStatement<unknown>,
    params: number,
    scoped = true,
  ): Promise<string[]> {
    await client.query('BEGIN');
    try {
      if (scoped)
        await client.query(
          `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
          [TENANT],
        );
      await client.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
      await client.query(`PREPARE plan_probe AS ${statement.text}`);
      const nulls = Array.from({ length: params }, () => 'NULL').join(', ');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (COSTS OFF) EXECUTE plan_probe(${nulls})`,
      );
      return rows.map((row) => row['QUERY PLAN']);
    } finally {
      // A prepared statement outlives the rollback: dropped for the next probe.
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE ALL');
    }
  }
});
