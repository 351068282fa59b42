import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@leadline/testing';
import { runHot, type HotStatement } from '../src/sql/hot-sql';
import { PERSIST_STEPS, persistStepsFor, type PersistStepRow } from '../src/sql/hot-statements';
import { fillPlansFixture, PLANS_CHANNEL, PLANS_TENANT } from './plans-fixture';

// Issue 21, ninth round: PERSIST_STEPS (each of its shapes) is a named statement, prepared once per
// connection and, after PostgreSQL's five custom plans, run on its generic plan instead of being
// planned at every call (0.8 ms a call). That is as safe as the custom plans were because none of
// its parameters' values can change its plan: a generic plan must be exactly the plan a custom plan
// makes on the same statistics (costs included, or PostgreSQL keeps making custom plans), on an
// empty database, on tables never analysed, and analysed (PostgreSQL makes a cached plan again when
// its tables' statistics change). APPLY_HEADS was made the same way in that round and put back to
// a plan at every call: in the bench its kept plan, made while the tables were new, marked 30-70 %
// of the heads without contact_events' primary key (docs/performance.md). Since the tenth round it
// is a prepared call of a function of scalar key probes (batch-key-probes.int-spec.ts).

const TENANT = PLANS_TENANT;
const CHANNEL = PLANS_CHANNEL;
const NOW = '2026-12-07 10:00:00+00';
const PERSIST_VALUES = ['[]', TENANT, NOW];
const LEAN = persistStepsFor([
  { armed: [], cancelled: [], queued: [], summary: null } as unknown as PersistStepRow,
]);

describe("the batch statements' generic plans", () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    for (const table of ['flow_runs', 'run_events', 'run_timers', 'messages', 'channels'])
      await client.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('are their custom plans on empty, unanalysed and analysed tables, and are kept after five', async () => {
    for (const phase of ['empty', 'unanalysed', 'analysed'] as const) {
      if (phase === 'unanalysed') await fillPlansFixture(client);
      if (phase === 'analysed') await client.query('ANALYZE');
      // PERSIST_STEPS, in its lean and whole shapes.
      for (const statement of [LEAN, PERSIST_STEPS]) {
        const persist = await plan(statement, PERSIST_VALUES, 'force_generic_plan');
        expect({ phase, plan: persist }).toEqual({
          phase,
          plan: await plan(statement, PERSIST_VALUES, 'force_custom_plan'),
        });
        // The channel by its primary key, never the tenant's channels (a table of a few rows once
        // analysed: a sequential scan is then its plan).
        if (phase !== 'analysed')
          expect(persist.join('\n')).toMatch(
            /Index Scan using channels_pkey on channels k {2}\(cost=[^)]*\)\s*\n\s*Index Cond: \(id = s\.channel_id\)/,
          );
        expect(persist.join('\n')).not.toMatch(/channels_tenant_id_idx/);
      }
      // Planned five times in eight calls on one connection, then run on the generic plan, on the
      // unanalysed tables (the adverse case) and the analysed ones.
      if (phase !== 'empty')
        expect({ phase, plans: await plansOfEightCalls() }).toEqual({
          phase,
          plans: [{ name: LEAN.name, generic_plans: '3', custom_plans: '5' }],
        });
    }
  });

  /** Eight calls of each statement on a new connection (rolled back): their plans by name. */
  async function plansOfEightCalls(): Promise<unknown[]> {
    const steps = await stepsOf(2);
    const connection = new Client({ connectionString: db.url });
    await connection.connect();
    try {
      await connection.query('BEGIN');
      await connection.query(
        `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
        [TENANT],
      );
      // Each call writes its steps (one trace row each, the runs' state), as the worker's.
      for (let call = 0; call < 8; call += 1) {
        const rows = await runHot(connection, LEAN, [
          JSON.stringify(steps),
          TENANT,
          new Date().toISOString(),
        ]);
        expect(rows.map((row) => row.runs)).toEqual([1, 1]);
      }
      const { rows } = await connection.query(
        `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name = ANY($1) ORDER BY name`,
        [[LEAN.name]],
      );
      await connection.query('ROLLBACK');
      return rows;
    } finally {
      await connection.end();
    }
  }

  /** PERSIST_STEPS rows writing one trace row for each of `count` runs (with an inline send's claim, so the channel is read). */
  async function stepsOf(count: number): Promise<unknown[]> {
    const { rows } = await client.query<{
      id: string;
      contact_id: string;
      flow_id: string;
      flow_version_id: string;
      conversation_id: string;
    }>(
      `SELECT r.id, r.contact_id, r.flow_id, r.flow_version_id, v.id AS conversation_id
       FROM flow_runs r JOIN conversations v ON v.contact_id = r.contact_id ORDER BY r.id LIMIT $1`,
      [count],
    );
    return rows.map((run) => ({
      run: run.id,
      state: {},
      status: 'waiting',
      node: 'n',
      vars: {},
      error: null,
      endedAt: null,
      engine: 'embedded',
      flow: run.flow_id,
      version: run.flow_version_id,
      trace: [{ at: new Date().toISOString(), type: 'node.enter', node: 'n', port: null, data: null }],
      conversation: run.conversation_id,
      contact: run.contact_id,
      channel: CHANNEL,
      messages: [],
      send: null,
      armed: [],
      cancelled: [],
      queued: [],
      summary: null,
      shown: {},
      claimAt: new Date().toISOString(),
    }));
  }

  /**
   * The statement's plan as the tenant role under the tenant's scope, its parameters written as `$n`
   * in either mode (a custom plan shows their values), so that two plans compare as text.
   */
  async function plan(
    statement: HotStatement<unknown>,
    values: readonly string[],
    mode: 'force_generic_plan' | 'force_custom_plan',
  ): Promise<string[]> {
    await client.query('BEGIN');
    try {
      await client.query(
        `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
        [TENANT],
      );
      await client.query(`SET LOCAL plan_cache_mode = ${mode}`);
      await client.query(`SET LOCAL timezone = 'UTC'`);
      await client.query(`PREPARE plan_probe AS ${statement.text}`);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN EXECUTE plan_probe(${values.map((value) => `'${value}'`).join(', ')})`,
      );
      // A custom plan shows a value where a generic one shows its parameter: written back as `$n`.
      return rows.map((row) =>
        values.reduce<string>(
          (line, value, index) =>
            line.replace(new RegExp(`'${escape(value)}'::[a-z ]+(\\[\\])?`, 'g'), `$${index + 1}`),
          row['QUERY PLAN'],
        ),
      );
    } finally {
      await client.query('ROLLBACK');
      await client.query('DEALLOCATE ALL');
    }
  }

  /** The values are written as EXPLAIN prints them (timestamps in UTC), so they are found as text. */
  function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
});
