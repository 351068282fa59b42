import type { Client } from 'pg';
import type { HotStatement } from '../../src/sql/hot-sql';
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
