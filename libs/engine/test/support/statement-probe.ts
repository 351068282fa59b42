import type { Client } from 'pg';
import { runHot, type HotStatement } from '../../src/sql/hot-sql';
import type { PersistStepRow } from '../../src/sql/hot-statements';

/** What an inline-send step of this run writes: one reply, two trace rows (the bench's common step). */
export function inlineSendStep(
  run: { run: string; flow: string; version: string; contact: string; conversation: string },
  channel: string,
  messageId: string,
  seq: number,
): PersistStepRow {
  const at = new Date();
  return {
    ...run,
    state: {},
    status: 'waiting',
    node: 'ask',
    vars: {},
    error: null,
    endedAt: null,
    engine: 'embedded',
    trace: [
      { at: at.toISOString(), type: 'node.enter', node: 'ask', port: null, data: null },
      { at: at.toISOString(), type: 'node.exit', node: 'ask', port: 'out', data: null },
    ],
    channel,
    messages: [
      { id: messageId, type: 'text', body: { text: 'a reply' }, key: `${run.run}:s${seq}`, template: null },
    ],
    send: { messageIds: [messageId] },
    armed: [],
    cancelled: [],
    queued: [],
    summary: null,
    shown: {},
    claimAt: at,
  };
}

/**
 * EXPLAIN of a hot statement prepared with these values (NULL for null), in a transaction rolled
 * back afterwards (ANALYZE runs it): planned as `mode` says, as the tenant role under the tenant's
 * scope when `tenantId` is given (the worker's step transaction), as the login role otherwise.
 */
export async function explainProbe(
  client: Client,
  statement: HotStatement<unknown>,
  values: readonly unknown[],
  options: { explain: string; mode: 'force_custom_plan' | 'force_generic_plan'; tenantId?: string },
): Promise<unknown[]> {
  await client.query('BEGIN');
  try {
    if (options.tenantId)
      await client.query(
        `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
        [options.tenantId],
      );
    await client.query(`SET LOCAL plan_cache_mode = ${options.mode}`);
    await client.query(`PREPARE statement_probe AS ${statement.text}`);
    const literals = values
      .map((value) => (value === null ? 'NULL' : `'${String(value).replace(/'/g, "''")}'`))
      .join(', ');
    const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
      `EXPLAIN (${options.explain}) EXECUTE statement_probe(${literals})`,
    );
    return rows.map((row) => row['QUERY PLAN']);
  } finally {
    await client.query('ROLLBACK');
    await client.query('DEALLOCATE ALL');
  }
}

/** A tenant with one Meta channel and one flow of one version, for a probe's fixture. */
export async function seedProbeTenant(client: Client, tenantId: string, channelId: string): Promise<void> {
  await client.query(
    `INSERT INTO tenants (id, slug, name) VALUES ($1::uuid, 'probe-' || $1::text, 'Probe')`,
    [tenantId],
  );
  await client.query(
    `INSERT INTO channels (id, tenant_id, provider, phone_number_id, display_phone) VALUES ($2, $1, 'meta', 'pn', '+1')`,
    [tenantId, channelId],
  );
  await client.query(
    `WITH f AS (INSERT INTO flows (tenant_id, key, name, draft) VALUES ($1, 'f', 'F', '{}') RETURNING id)
     INSERT INTO flow_versions (tenant_id, flow_id, version, definition) SELECT $1, id, 1, '{}' FROM f`,
    [tenantId],
  );
}

/**
 * Runs a hot statement once, in a transaction rolled back afterwards, planned as `mode` says (as the
 * tenant role under the tenant's scope when `tenantId` is given): its rows, the plans of the statement
 * AND of every statement of the functions it calls (auto_explain hands them to the client as notices;
 * EXPLAIN shows a function as one node), and the rows it read per table (pg_stat_xact_user_tables,
 * whose delta inside one transaction is exact).
 */
export async function nestedPlans<R>(
  client: Client,
  statement: HotStatement<R>,
  values: unknown[],
  options: { mode: 'force_custom_plan' | 'force_generic_plan'; tenantId?: string },
): Promise<{ rows: R[]; plans: string; read: Record<string, number> }> {
  // Only the statement's own plans (not the counters' or the scope's).
  const notices: string[] = [];
  let listening = false;
  const onNotice = (notice: { message?: string }) => {
    if (listening) notices.push(notice.message ?? '');
  };
  client.on('notice', onNotice);
  await client.query('BEGIN');
  try {
    // Superuser settings first: the scope's role may not change them.
    await client.query(`LOAD 'auto_explain'`);
    await client.query(`SET LOCAL auto_explain.log_min_duration = 0`);
    await client.query(`SET LOCAL auto_explain.log_nested_statements = on`);
    await client.query(`SET LOCAL auto_explain.log_level = notice`);
    await client.query(`SET LOCAL plan_cache_mode = ${options.mode}`);
    const before = await rowsReadSoFar(client);
    if (options.tenantId)
      await client.query(
        `SELECT set_config('role', 'leadline_app', true), set_config('app.tenant_id', $1, true)`,
        [options.tenantId],
      );
    listening = true;
    const rows = await runHot(client, statement, values);
    listening = false;
    const after = await rowsReadSoFar(client);
    const read = Object.fromEntries(
      Object.entries(after)
        .map(([table, count]) => [table, count - (before[table] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
    return { rows, plans: notices.join('\n'), read };
  } finally {
    await client.query('ROLLBACK');
    client.off('notice', onNotice);
  }
}

/** The rows this backend has read so far per table (its transaction's counts included). */
async function rowsReadSoFar(client: Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ relname: string; read: string }>(
    `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS read
     FROM pg_stat_xact_user_tables`,
  );
  return Object.fromEntries(rows.map((row) => [row.relname, Number(row.read)]));
}
