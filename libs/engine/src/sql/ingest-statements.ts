import { z } from 'zod';
import { hotStatement } from './hot-sql';

/**
 * The statements of webhook group commit (ingest-batch-write.ts) on plain node-postgres, as named
 * prepared statements (parsed and planned once per connection; hot-sql.ts). Each one is set-based:
 * one statement per kind of write for the whole batch of a tenant, whatever its size. Row-level
 * security applies: they run after the tenant scope of the batch's transaction (ingest-sql.ts).
 */

const text = z.string();

/**
 * Contacts of a batch's messages, one row per phone, inserted or updated (the latest inbound time,
 * the first name, the last referral), in phone order so two transactions lock contacts in the same
 * order. Its own statement, before the rest: the next statement's snapshot is taken once these
 * contact locks are held, so it sees the conversations another transaction holding a lock on one
 * of these contacts created (the rule openConversation follows for one event).
 * $1 tenant, $2 phones, $3 names, $4 inbound times, $5 referrals (JSON text).
 */
export const INGEST_CONTACTS = hotStatement(
  'll_ingest_contacts_v1',
  `INSERT INTO contacts (tenant_id, phone, name, last_inbound_at, referral)
   SELECT $1::uuid, t.phone, t.name, t.at, t.referral::jsonb
   FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS t(phone, name, at, referral)
   ORDER BY t.phone
   ON CONFLICT (tenant_id, phone) DO UPDATE SET
     last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
     name = COALESCE(contacts.name, EXCLUDED.name),
     referral = COALESCE(EXCLUDED.referral, contacts.referral),
     updated_at = now()
   RETURNING id::text, phone, name`,
  z.object({ id: text, phone: text, name: text.nullable() }),
);

/**
 * Everything else an inbound message writes, in ONE statement for the batch (was three): the open
 * conversation per (contact, channel) touched or created, the messages (duplicates of a provider id
 * skipped by the unique key), and an `inbound` contact event for each message actually inserted, in
 * the batch's order (`ord`: contact_events ids, the order the worker applies them in, and messages'
 * created_at follow it; clock_timestamp() is evaluated after the sort). The foreign keys from the
 * messages to conversations created here are checked at the end of the statement, when both exist.
 * One row per input row: its conversation, its assignee, and the message id (null: a duplicate).
 * $1 tenant; per message: $2 contact, $3 channel, $4 time, $5 type, $6 body (JSON text),
 * $7 provider id, $8 contact event payload (JSON text), $9 contact event dedupe key.
 */
export const INGEST_MESSAGES = hotStatement(
  'll_ingest_messages_v1',
  `WITH input AS (
     SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[])
       WITH ORDINALITY AS t(contact_id, channel_id, at, type, body, pmid, payload, dedupe_key, ord)
   ), pairs AS (
     SELECT contact_id, channel_id, max(at) AS at FROM input GROUP BY contact_id, channel_id
   ), open AS (
     SELECT DISTINCT ON (c.contact_id, c.channel_id) c.id, c.contact_id, c.channel_id, p.at
     FROM pairs p JOIN conversations c
       ON c.contact_id = p.contact_id AND c.channel_id = p.channel_id AND c.status <> 'closed'
     ORDER BY c.contact_id, c.channel_id, c.created_at DESC
   ), touched AS (
     UPDATE conversations c SET last_message_at = open.at, updated_at = now()
     FROM open WHERE c.id = open.id
     RETURNING c.id, c.contact_id, c.channel_id, c.assigned_user_id
   ), created AS (
     INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
     SELECT $1::uuid, p.contact_id, p.channel_id, p.at FROM pairs p
     WHERE NOT EXISTS (SELECT 1 FROM open o WHERE o.contact_id = p.contact_id AND o.channel_id = p.channel_id)
     RETURNING id, contact_id, channel_id, assigned_user_id
   ), conv AS (
     SELECT * FROM touched UNION ALL SELECT * FROM created
   ), inserted AS (
     INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body,
                           provider_message_id, status, created_at)
     SELECT $1::uuid, conv.id, i.contact_id, i.channel_id, 'in', i.type, i.body::jsonb, i.pmid, 'received',
            clock_timestamp()
     FROM input i JOIN conv ON conv.contact_id = i.contact_id AND conv.channel_id = i.channel_id
     ORDER BY i.ord
     ON CONFLICT (channel_id, provider_message_id) DO NOTHING
     RETURNING id, channel_id, provider_message_id
   ), events AS (
     INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
     SELECT $1::uuid, i.contact_id, 'inbound', i.payload::jsonb, i.dedupe_key, i.at
     FROM input i JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
     ORDER BY i.ord
     ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
   )
   SELECT i.ord::int AS ord, conv.id::text AS conversation_id, conv.assigned_user_id::text AS assigned_user_id,
          m.id::text AS message_id
   FROM input i JOIN conv ON conv.contact_id = i.contact_id AND conv.channel_id = i.channel_id
   LEFT JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid`,
  z.object({
    ord: z.number(),
    conversation_id: text,
    assigned_user_id: text.nullable(),
    message_id: text.nullable(),
  }),
);

/**
 * "A customer replied" notices (notifyCustomerReplied) for the accepted messages of assigned
 * conversations, few of a batch: the payload as recordNotificationEvent stores it, the contact as
 * contactSummary reads it. $1 tenant; per notice: $2 contact, $3 conversation, $4 assignee,
 * $5 text (already cut to 500), $6 time.
 */
export const INGEST_REPLY_NOTICES = hotStatement(
  'll_ingest_reply_notices_v1',
  `INSERT INTO notification_events (tenant_id, type, contact_id, conversation_id, payload, occurred_at)
   SELECT $1::uuid, 'customer.replied', t.contact_id, t.conversation_id,
          jsonb_build_object(
            'contact', (SELECT jsonb_build_object('name', c.name, 'phone', c.phone) FROM contacts c WHERE c.id = t.contact_id),
            'text', t.text, 'recipientUserId', t.assignee),
          t.at
   FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY
        AS t(contact_id, conversation_id, assignee, text, at, ord)
   ORDER BY t.ord`,
  z.unknown(),
);

/**
 * The batch's forward statuses of one tenant in one UPDATE (see writeStatuses in
 * ingest-batch-write.ts for the merge and the monotonic rule). $1..$10 per merged row: channel,
 * provider id, our callback id, status, its rank, sent/delivered/read times, error code and message.
 */
export const INGEST_STATUSES = hotStatement(
  'll_ingest_statuses_v1',
  `WITH input AS (
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[],
                          $7::timestamptz[], $8::timestamptz[], $9::text[], $10::text[])
       WITH ORDINALITY AS t(channel_id, pmid, cb, status, rank, sent_at, delivered_at, read_at,
                            error_code, error_message, ord)
   ), target AS (
     SELECT DISTINCT ON (i.ord) i.*, m.id AS message_id
     FROM input i JOIN messages m
       ON m.channel_id = i.channel_id AND (m.provider_message_id = i.pmid OR m.id = i.cb)
     ORDER BY i.ord, (m.provider_message_id IS NOT DISTINCT FROM i.pmid) DESC
   )
   UPDATE messages m SET
     provider_message_id = COALESCE(m.provider_message_id, t.pmid),
     status = CASE
       WHEN m.status <> 'failed'
        AND (CASE m.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END) < t.rank
       THEN t.status::message_status ELSE m.status END,
     sent_at = COALESCE(t.sent_at, m.sent_at),
     delivered_at = COALESCE(t.delivered_at, m.delivered_at, t.read_at),
     read_at = COALESCE(t.read_at, m.read_at),
     error_code = COALESCE(t.error_code, m.error_code),
     error_message = CASE WHEN t.error_code IS NULL THEN m.error_message ELSE t.error_message END,
     updated_at = now()
   FROM target t WHERE m.id = t.message_id
   RETURNING t.ord::int AS ord, m.contact_id::text AS contact_id, m.conversation_id::text AS conversation_id`,
  z.object({ ord: z.number(), contact_id: text, conversation_id: text }),
);

/** A tenant's settings, when the lookup cache has none (lookup-cache.ts). $1 tenant. */
export const INGEST_TENANT_SETTINGS = hotStatement(
  'll_ingest_tenant_settings_v1',
  `SELECT settings FROM tenants WHERE id = $1::uuid`,
  z.object({ settings: z.unknown() }),
);

/**
 * A tenant's whole share of a batch in ONE round trip: the function ll_ingest_tenant_batch
 * (migration 20261207010000_ingest_tenant_batch) scopes itself to the tenant, then upserts the
 * contacts, writes conversations, messages, contact events and "customer replied" notices, and
 * applies the statuses, each statement as INGEST_CONTACTS, INGEST_MESSAGES, INGEST_REPLY_NOTICES and
 * INGEST_STATUSES do. Called on its own it is its own transaction: its answer arrives after the
 * commit. One row per message (message_id null: a duplicate) and per status row updated.
 */
const tenantBatchRow = z.object({
  kind: z.enum(['message', 'status']),
  ord: z.number(),
  contact_id: text,
  conversation_id: text,
  message_id: text.nullable(),
});
export type TenantBatchRow = z.infer<typeof tenantBatchRow>;

export const INGEST_TENANT_BATCH = hotStatement(
  'll_ingest_tenant_batch_v1',
  `SELECT kind, ord, contact_id::text AS contact_id, conversation_id::text AS conversation_id,
          message_id::text AS message_id
   FROM ll_ingest_tenant_batch($1::uuid, $2::text[], $3::text[], $4::timestamptz[], $5::text[],
     $6::text[], $7::uuid[], $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
     $14::text[], $15::uuid[], $16::text[], $17::uuid[], $18::text[], $19::int[], $20::timestamptz[],
     $21::timestamptz[], $22::timestamptz[], $23::text[], $24::text[])`,
  tenantBatchRow,
);
