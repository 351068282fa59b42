import { z } from 'zod';
import { hotStatement } from './hot-sql';

/**
 * The statement of webhook group commit (ingest-batch-write.ts) on plain node-postgres, a named
 * prepared statement (parsed and planned once per connection; hot-sql.ts).
 */

const text = z.string();

const tenantBatchRow = z.object({
  kind: z.enum(['message', 'status']),
  ord: z.number(),
  contact_id: text,
  conversation_id: text,
  message_id: text.nullable(),
});
export type TenantBatchRow = z.infer<typeof tenantBatchRow>;

/**
 * A tenant's whole share of a batch in ONE round trip: the function ll_ingest_tenant_batch
 * (migrations 20261207010000_ingest_tenant_batch, 20261208020000_ingest_media_keywords) scopes itself
 * to the tenant, then upserts the contacts, writes conversations, messages, contact events (a
 * `control` one for an opt-in/out keyword, which also sets the contact's state), media rows and
 * "customer replied" notices, and applies the statuses (merged per message, only forward),
 * set-based, in the batch's order. Called on its own it is its own transaction: its answer arrives
 * after the commit. One row per message (message_id null: a duplicate) and per status row updated.
 */
export const INGEST_TENANT_BATCH = hotStatement(
  'll_ingest_tenant_batch_v2',
  `SELECT kind, ord, contact_id::text AS contact_id, conversation_id::text AS conversation_id,
          message_id::text AS message_id
   FROM ll_ingest_tenant_batch($1::uuid, $2::text[], $3::text[], $4::timestamptz[], $5::text[],
     $6::text[], $7::uuid[], $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
     $14::text[], $15::uuid[], $16::text[], $17::uuid[], $18::text[], $19::int[], $20::timestamptz[],
     $21::timestamptz[], $22::timestamptz[], $23::text[], $24::text[],
     $25::text[], $26::text[], $27::text[], $28::text[])`,
  tenantBatchRow,
);
