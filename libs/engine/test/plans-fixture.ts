import type { Client } from 'pg';

/** The tenant and channel of the plan probes' fixture (hot-statement-plans, batch-generic-plans). */
export const PLANS_TENANT = '0f5b2c4e-8a3d-4b1e-9c7f-2d6a1e3b5c70';
export const PLANS_CHANNEL = '6c1d8e2a-3f4b-4a5c-8d9e-0a1b2c3d4e5f';

/**
 * One tenant, 50 contacts with a run each on one channel, 40 trace rows, 30 pending timers and 100
 * messages per run (sent by the run: messages_run_id_idx holds only messages of a run). Nothing is
 * analysed here: the callers decide which tables are.
 */
export async function fillPlansFixture(client: Client): Promise<void> {
  await client.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'plans', 'Plans')`, [PLANS_TENANT]);
  await client.query(
    `INSERT INTO channels (id, tenant_id, provider, phone_number_id, display_phone) VALUES ($2, $1, 'meta', 'pn', '+1')`,
    [PLANS_TENANT, PLANS_CHANNEL],
  );
  await client.query(
    `WITH f AS (INSERT INTO flows (tenant_id, key, name, draft) VALUES ($1, 'f', 'F', '{}') RETURNING id),
          v AS (INSERT INTO flow_versions (tenant_id, flow_id, version, definition) SELECT $1, id, 1, '{}' FROM f RETURNING id, flow_id),
          c AS (INSERT INTO contacts (tenant_id, phone) SELECT $1, '35196' || lpad(g::text, 6, '0') FROM generate_series(1, 50) g RETURNING id),
          r AS (INSERT INTO flow_runs (tenant_id, flow_id, flow_version_id, contact_id) SELECT $1, v.flow_id, v.id, c.id FROM v, c RETURNING id, flow_id, flow_version_id)
     INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, type)
     SELECT $1, r.id, r.flow_id, r.flow_version_id, g, 'node' FROM r, generate_series(1, 40) g`,
    [PLANS_TENANT],
  );
  await client.query(
    `INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at)
     SELECT r.tenant_id, r.id, r.contact_id, 't' || g, now() + g * interval '1 minute'
     FROM flow_runs r, generate_series(1, 30) g`,
  );
  await client.query(
    `WITH v AS (INSERT INTO conversations (tenant_id, contact_id, channel_id) SELECT $1, id, $2 FROM contacts RETURNING id, contact_id)
     INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status, provider_message_id, run_id)
     SELECT $1, v.id, v.contact_id, $2, 'out', 'text', '{}', 'delivered', 'wamid.' || v.id || '.' || g, r.id
     FROM v JOIN flow_runs r ON r.contact_id = v.contact_id, generate_series(1, 100) g`,
    [PLANS_TENANT, PLANS_CHANNEL],
  );
}
