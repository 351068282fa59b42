import { z } from 'zod';
import { hotStatement, uuidLiteral, type HotStatement } from './hot-sql';
import { latestUnreadInboundLateral, readSince } from './read-marks';

/**
 * The statements of the hot path (hot-sql.ts), one place, each with the shape of its rows. Names are
 * prepared once per connection; a text change needs a new name only if two versions could share a
 * connection (never: one process, one text).
 */

const bigintText = z.union([z.string(), z.number(), z.bigint()]).transform((value) => BigInt(value));
const date = z.date();

// --- applying a contact event (contact-processor.ts) -------------------------------------------

/**
 * The contact, locked: the prelude of the apply transaction (hotTenantTransaction), so it travels
 * with BEGIN and the scope. Row-level security applies (the scope is set by the statement before).
 */
export function lockContactSql(contactId: string): string {
  return `SELECT id::text, phone, name, fields, tags, last_inbound_at, opt_in_state::text AS opt_in_state
    FROM contacts WHERE id = ${uuidLiteral(contactId)} FOR UPDATE`;
}

/**
 * Several contacts locked at once, for a batch of steps (contact-step-batch.ts): in id order, and a
 * contact another transaction holds is skipped (no row), not waited for, so two batches never wait
 * on each other in a cycle and one busy contact never holds a batch up.
 *
 * FOR NO KEY UPDATE, not FOR UPDATE (issue 21, sixth round): a transaction inserting a row that
 * references the contact (an inbound message, a contact event, a run timer, an outbound event)
 * takes FOR KEY SHARE on it, which FOR UPDATE conflicts with: SKIP LOCKED then found such a
 * contact BUSY for nothing. What a step needs excluded still is: every other writer of a contact
 * takes a lock FOR NO KEY UPDATE conflicts with: the other contact paths (this lock, lockContactSql,
 * contact-processor.ts), contact updates (contacts.service.ts, pipeline stages) and erasure
 * (contact-erasure.ts) lock it FOR UPDATE first; an UPDATE of it takes FOR NO KEY UPDATE and a
 * DELETE (erasure; contacts are never merged) FOR UPDATE. Only FOR KEY SHARE is let through, which
 * guards nothing but the row's existence and key, and a locked contact is neither deleted nor rekeyed.
 */
export function lockContactsSql(contactIds: readonly string[]): string {
  return `SELECT id::text, phone, name, fields, tags, last_inbound_at, opt_in_state::text AS opt_in_state
    FROM contacts WHERE id IN (${contactIds.map(uuidLiteral).join(', ')}) ORDER BY id FOR NO KEY UPDATE SKIP LOCKED`;
}

/**
 * A batch's first statement (issue 21, eleventh round): lockContactsSql's locks and, in the same
 * statement, APPLY_HEADS for exactly the contacts it locked, so that both travel with BEGIN and the
 * scope in the transaction's first round trip (one round trip a batch less: no APPLY_HEADS of its
 * own). One statement, not two: a second statement would have to lock again to know which contacts
 * are the batch's, and a contact released in between would have its head marked processed by a
 * batch that found it BUSY (applied by nobody). The heads are read after every lock is held (the
 * function's argument is the locked CTE, an init plan run first) and each of the function's
 * statements takes its own snapshot, so they see what a lock's previous holder committed, as
 * APPLY_HEADS after the lock statement did. A row per locked contact, its head's columns NULL when
 * it has none pending; `head_id` for the head's id (`id` is the contact's). Literals only: UUIDs
 * (uuidLiteral) and ISO timestamps. `at` the batch's time, `since` the campaign reply window's start.
 */
export function lockContactsAndHeadsSql(contactIds: readonly string[], at: Date, since: Date): string {
  return `WITH locked AS MATERIALIZED (${lockContactsSql(contactIds)}),
    heads AS MATERIALIZED (
      SELECT * FROM ll_apply_heads(ARRAY(SELECT id::uuid FROM locked), '${at.toISOString()}'::timestamptz,
                                   '${since.toISOString()}'::timestamptz)
    )
    SELECT l.*, h.id::text AS head_id, h.kind, h.payload, h.occurred_at, h.more, h.runs,
           h.reply_id::text AS reply_id, h.reply_campaign_id::text AS reply_campaign_id, h.reply_flow_key,
           h.reply_button_flows, h.timer_due_at
    FROM locked l LEFT JOIN heads h ON h.contact_id = l.id::uuid`;
}

export const contactRow = z.object({
  id: z.string(),
  phone: z.string(),
  name: z.string().nullable(),
  fields: z.unknown(),
  tags: z.array(z.string()),
  last_inbound_at: date.nullable(),
  opt_in_state: z.string(),
});
export type HotContact = z.infer<typeof contactRow>;

const hotRun = z.object({
  id: z.string(),
  flowId: z.string(),
  flowVersionId: z.string(),
  conversationId: z.string().nullable(),
  status: z.string(),
  engine: z.string(),
  /** The core's RunState, as stored by persistTransition. */
  state: z.unknown(),
});
export type HotRun = z.infer<typeof hotRun>;

/** A contact's head event as APPLY_HEADS reads it. */
const headRow = z.object({
  id: bigintText,
  kind: z.string(),
  payload: z.unknown(),
  occurred_at: date,
  more: z.boolean(),
  runs: z.array(hotRun),
  reply_id: bigintText.nullable(),
  reply_campaign_id: z.string().nullable(),
  reply_flow_key: z.string().nullable(),
  reply_button_flows: z.unknown(),
  /** A fired timer's due time; NULL when the head is no timer or its timer was cancelled or fired. */
  timer_due_at: date.nullable(),
});

/** A step's row out of PERSIST_STEP and PERSIST_STEPS: what the step checks and the inline send needs. */
const persistedStepRow = z.object({
  runs: z.number(),
  traced: z.number(),
  outbox_id: bigintText.nullable(),
  claimed: z.boolean(),
  provider: z.enum(['meta', 'twilio', 'sandbox']).nullable(),
  phone_number_id: z.string().nullable(),
  waba_id: z.string().nullable(),
  encrypted_credentials: z.instanceof(Uint8Array).nullable(),
  unread_provider_id: z.string().nullable(),
  unread_created_at: date.nullable(),
  armed: z.number(),
  cancelled: z.number(),
  queued: z.array(z.object({ id: bigintText, kind: z.string(), payload: z.record(z.string(), z.unknown()) })),
  deliveries: z.number(),
});

/**
 * A transition's writes in one statement: the run's new state (its end: status, ended_at), its trace
 * (numbered after its last event), its messages and the one outbox entry that sends them, the timers
 * it arms (run_timers rows, each with its `timer` outbox entry) and cancels, the activities it calls
 * (`activity` outbox entries) and, when the run completed, the `run.completed` outbound event with a
 * pending delivery per subscription to it (recordOutboundEvent: nothing when nobody subscribed).
 * persist-transition.ts does the same, statement by statement, for the transitions the hot path
 * leaves (contact updates, handoffs, run-limit audits); the conformance tests hold both to one output.
 * Every CTE sees the statement's one snapshot: a transition that cancels a timer it also arms is left
 * to the Prisma path (hot-apply.ts), the only case where the order of two CTEs would matter.
 * $1 run, $2 state, $3 status, $4 node, $5 vars, $6 error (NULL keeps it), $7 ended at (NULL keeps
 * it), $8 engine, $9 tenant, $10 flow, $11 version, $12–$16 trace columns, $17 conversation,
 * $18 contact, $19 channel, $20–$24 message columns, $25 the send outbox payload (NULL: no messages),
 * $26 armed timer ids, $27 their due times, $28 cancelled timer ids, $29 the other outbox entries'
 * kinds (timer, activity) and $30 payloads, $31 the run summary of a completed run (NULL: none; the
 * flow's key and version are added here), $32 the contact as the event shows it, $33 now,
 * $34 the inline send's claim (send-inline.ts; NULL: the send job sends them).
 *
 * With $34, the messages are stored already claimed for the contact job's send after COMMIT
 * (`send_attempted_at`, as the send claim marks them), unless an earlier message of the run still
 * waits (its send job keeps the order: then nothing is claimed). A claimed step also reads what the
 * send needs: the channel's provider columns and the conversation's latest unread inbound message
 * (mark-read.ts, the read receipt). The outbox row is written either way: it stays unpublished until
 * the inline send is answered, so a crash in between leaves it to the sweeper (send-inline.ts).
 */
export const PERSIST_STEP = hotStatement(
  'll_persist_step_v3',
  `WITH run AS (
     UPDATE flow_runs SET state = $2::jsonb, status = $3::flow_run_status, current_node = $4::text,
            vars = $5::jsonb, error = COALESCE($6::jsonb, error), ended_at = COALESCE($7::timestamptz, ended_at),
            engine = $8::flow_engine, updated_at = now()
     WHERE id = $1::uuid
     RETURNING id
   ), trace AS (
     INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, at, type, node_id, port, data)
     SELECT $9::uuid, $1::uuid, $10::uuid, $11::uuid, base.seq + t.ord, t.at, t.type, t.node_id, t.port,
            COALESCE(t.data::jsonb, '{}'::jsonb)
     FROM (SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = $1::uuid) base,
          unnest($12::timestamptz[], $13::text[], $14::text[], $15::text[], $16::text[])
            WITH ORDINALITY AS t(at, type, node_id, port, data, ord)
     RETURNING 1
   ), claim AS (
     SELECT $34::timestamptz AS at WHERE $34::timestamptz IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM messages e WHERE e.run_id = $1::uuid AND e.direction = 'out' AND e.status = 'queued'
         -- Implied by status = 'queued'; lets messages_queued_idx (keyed on these) serve the check.
         AND e.provider_message_id IS NULL AND e.failed_at IS NULL)
   ), sent AS (
     INSERT INTO messages (id, tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                           idempotency_key, run_id, template_name, send_attempted_at, created_at, updated_at)
     SELECT m.id, $9::uuid, $17::uuid, $18::uuid, $19::uuid, 'out'::message_direction, m.type, m.body::jsonb,
            'queued'::message_status, m.key, $1::uuid, m.template, (SELECT at FROM claim),
            clock_timestamp(), clock_timestamp()
     FROM unnest($20::uuid[], $21::text[], $22::text[], $23::text[], $24::text[])
            WITH ORDINALITY AS m(id, type, body, key, template, ord)
     ORDER BY m.ord
     RETURNING 1
   ), box AS (
     INSERT INTO outbox (tenant_id, kind, payload)
     SELECT $9::uuid, 'send', $25::jsonb
     WHERE $25::jsonb IS NOT NULL AND (SELECT count(*) FROM sent) = cardinality($20::uuid[])
     RETURNING id
   ), armed AS (
     INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at)
     SELECT $9::uuid, $1::uuid, $18::uuid, t.timer_id, t.due_at
     FROM unnest($26::text[], $27::timestamptz[]) AS t(timer_id, due_at)
     RETURNING 1
   ), cancelled AS (
     UPDATE run_timers SET cancelled_at = $33::timestamptz
     WHERE run_id = $1::uuid AND timer_id = ANY($28::text[]) AND fired_at IS NULL
     RETURNING 1
   ), queued AS (
     INSERT INTO outbox (tenant_id, kind, payload)
     SELECT $9::uuid, q.kind, q.payload::jsonb
     FROM unnest($29::text[], $30::text[]) WITH ORDINALITY AS q(kind, payload, ord)
     ORDER BY q.ord
     RETURNING id, kind, payload
   ), subscribed AS (
     SELECT id FROM webhook_subscriptions
     WHERE $31::jsonb IS NOT NULL AND tenant_id = $9::uuid AND events @> ARRAY['run.completed']
   ), completed AS (
     INSERT INTO outbound_events (tenant_id, type, contact_id, payload, occurred_at)
     SELECT $9::uuid, 'run.completed', $18::uuid,
            jsonb_build_object(
              'run', $31::jsonb || jsonb_build_object('flow', f.key, 'flowVersion', v.version),
              'contact', $32::jsonb),
            $33::timestamptz
     FROM (SELECT 1) one
     LEFT JOIN flow_versions v ON v.id = $11::uuid
     LEFT JOIN flows f ON f.id = v.flow_id
     WHERE EXISTS (SELECT 1 FROM subscribed)
     RETURNING id
   ), delivered AS (
     INSERT INTO webhook_deliveries (tenant_id, event_id, subscription_id, next_attempt_at)
     SELECT $9::uuid, completed.id, subscribed.id, $33::timestamptz FROM completed, subscribed
     RETURNING 1
   )
   SELECT (SELECT count(*) FROM run)::int AS runs, (SELECT count(*) FROM trace)::int AS traced,
          (SELECT id::text FROM box) AS outbox_id, EXISTS (SELECT 1 FROM claim) AS claimed,
          (SELECT count(*) FROM armed)::int AS armed,
          (SELECT count(*) FROM cancelled)::int AS cancelled,
          COALESCE((SELECT json_agg(json_build_object('id', id::text, 'kind', kind, 'payload', payload) ORDER BY id)
                    FROM queued), '[]'::json) AS queued,
          (SELECT count(*) FROM delivered)::int AS deliveries,
          ch.provider::text AS provider, ch.phone_number_id, ch.waba_id, ch.encrypted_credentials,
          unread.unread_provider_id, unread.unread_created_at
   FROM (SELECT 1) one
   LEFT JOIN channels ch ON ch.id = $19::uuid AND EXISTS (SELECT 1 FROM claim)
   ${latestUnreadInboundLateral('CASE WHEN EXISTS (SELECT 1 FROM claim) THEN $17::uuid END')}`,
  persistedStepRow,
);

/** A flow version, for the process-wide cache of compiled versions (flow-cache.ts). $1 version. */
export const FLOW_VERSION = hotStatement(
  'll_flow_version_v1',
  `SELECT id::text, version, definition FROM flow_versions WHERE id = $1::uuid`,
  z.object({ id: z.string(), version: z.number(), definition: z.unknown() }),
);

/** A conversation's channel (cached by flow-cache.ts: a conversation never changes channel). $1. */
export const CONVERSATION_CHANNEL = hotStatement(
  'll_conversation_channel_v1',
  `SELECT channel_id::text FROM conversations WHERE id = $1::uuid`,
  z.object({ channel_id: z.string() }),
);

/**
 * Outbox rows the caller has just committed, marked published (outbox-relay.ts publishCommitted):
 * system-level, by id. $1 now, $2 ids.
 */
export const MARK_PUBLISHED = hotStatement(
  'll_outbox_published_v1',
  `UPDATE outbox SET published_at = $1::timestamptz WHERE id = ANY($2::bigint[]) AND published_at IS NULL`,
  z.unknown(),
);

// --- sending (send-messages.ts) -------------------------------------------------------------------

/**
 * The message to send, locked, with what sending it needs: the contact, the channel, whether an
 * earlier message of its run still waits, the read-receipt target (mark-read.ts
 * UNREAD_INBOUND_LATERAL). The send path's only claim statement (send-messages.ts claimForSend).
 * Order comes from the core's effect ids (`<runId>:s<seq>`); creation times can tie or cross between
 * transactions. Runs under the tenant scope. $1 message, $2 tenant.
 */
export function claimStatement(unreadLateral: string) {
  return hotStatement(
    'll_send_claim_v1',
    `SELECT m.id::text, m.contact_id::text, m.conversation_id::text, m.channel_id::text, m.run_id::text,
            m.idempotency_key, m.template_name, m.status::text AS status, m.body, m.send_attempted_at, m.created_at,
            c.phone, c.opt_in_state::text AS opt_in_state,
            ch.provider::text AS provider, ch.phone_number_id, ch.waba_id, ch.encrypted_credentials,
            (m.run_id IS NOT NULL AND m.idempotency_key ~ ':s[0-9]+$' AND EXISTS (
              SELECT 1 FROM messages e
              WHERE e.run_id = m.run_id AND e.direction = 'out' AND e.status = 'queued' AND e.id <> m.id
                -- Implied by status = 'queued'; lets messages_queued_idx (keyed on these) serve the check.
                AND e.provider_message_id IS NULL AND e.failed_at IS NULL
                AND substring(e.idempotency_key from ':s([0-9]+)$')::int
                    < substring(m.idempotency_key from ':s([0-9]+)$')::int)) AS earlier_queued,
            unread.unread_provider_id, unread.unread_created_at
     FROM messages m
     JOIN contacts c ON c.id = m.contact_id
     JOIN channels ch ON ch.id = m.channel_id
     ${unreadLateral}
     WHERE m.id = $1::uuid AND m.tenant_id = $2::uuid
     FOR UPDATE OF m`,
    z.object({
      id: z.string(),
      contact_id: z.string(),
      conversation_id: z.string(),
      channel_id: z.string(),
      run_id: z.string().nullable(),
      idempotency_key: z.string().nullable(),
      template_name: z.string().nullable(),
      status: z.string(),
      body: z.unknown(),
      send_attempted_at: date.nullable(),
      created_at: date,
      phone: z.string(),
      opt_in_state: z.string(),
      provider: z.enum(['meta', 'twilio', 'sandbox']),
      phone_number_id: z.string(),
      waba_id: z.string().nullable(),
      encrypted_credentials: z.instanceof(Uint8Array).nullable(),
      earlier_queued: z.boolean(),
      unread_provider_id: z.string().nullable(),
      unread_created_at: date.nullable(),
    }),
  );
}

/** An approved-template check's row (send-messages.ts approvedTemplate). $1 channel, $2 name, $3 language. */
export const TEMPLATE_FOR_SEND = hotStatement(
  'll_send_template_v1',
  `SELECT status::text AS status, category::text AS category, provider_template_id
   FROM templates WHERE channel_id = $1::uuid AND name = $2 AND language = $3`,
  z.object({ status: z.string(), category: z.string(), provider_template_id: z.string().nullable() }),
);

/** A tenant's settings, for the 5-second lookup cache (lookup-cache.ts). $1 tenant. */
export const TENANT_SETTINGS = hotStatement(
  'll_tenant_settings_v1',
  `SELECT settings FROM tenants WHERE id = $1::uuid`,
  z.object({ settings: z.unknown() }),
);

/**
 * The claim's mark, "an attempt may have reached the provider", sent with COMMIT in one round trip
 * (only a UUID and a timestamp, written into the text: see hotTenantTransaction's commitWith).
 */
export function markAttemptedSql(messageId: string, now: Date): string {
  return `UPDATE messages SET send_attempted_at = '${now.toISOString()}'::timestamptz, updated_at = now()
    WHERE id = ${uuidLiteral(messageId)}`;
}

/**
 * The provider's answer (send-messages.ts recordAnswer): "queued" becomes "sent"; a row a status
 * webhook already moved on only gains what it lacks. Outside a transaction, tenant named.
 * $1 provider id, $2 now, $3 message, $4 tenant.
 */
export const RECORD_ANSWER = hotStatement(
  'll_send_answer_v1',
  `UPDATE messages SET
     provider_message_id = CASE WHEN status = 'queued' THEN $1::text ELSE COALESCE(provider_message_id, $1::text) END,
     sent_at = CASE WHEN status = 'queued' THEN $2::timestamptz ELSE COALESCE(sent_at, $2::timestamptz) END,
     status = CASE WHEN status = 'queued' THEN 'sent'::message_status ELSE status END,
     updated_at = now()
   WHERE id = $3::uuid AND tenant_id = $4::uuid
     AND (status = 'queued' OR provider_message_id IS NULL OR sent_at IS NULL)`,
  z.unknown(),
);

/**
 * The contact job's inline send answered (send-inline.ts): every message's provider id recorded as
 * RECORD_ANSWER does, and its outbox row deleted, in one statement (outside a transaction,
 * tenant named; the outbox row is the caller's own). $1 messages, $2 provider ids, $3 now, $4 tenant,
 * $5 outbox row.
 */
export const RECORD_INLINE_SENT = hotStatement(
  'll_send_inline_answer_v2',
  `WITH answer AS (
     UPDATE messages m SET
       provider_message_id = CASE WHEN m.status = 'queued' THEN a.pid ELSE COALESCE(m.provider_message_id, a.pid) END,
       sent_at = CASE WHEN m.status = 'queued' THEN $3::timestamptz ELSE COALESCE(m.sent_at, $3::timestamptz) END,
       status = CASE WHEN m.status = 'queued' THEN 'sent'::message_status ELSE m.status END,
       updated_at = now()
     FROM unnest($1::uuid[], $2::text[]) AS a(id, pid)
     -- By primary key only: \`id = ANY\` gives the generic plan the key, and the tenant check is
     -- written so that no index can serve it (tenant_id is NOT NULL, so it means \`=\`): with
     -- \`tenant_id = $4\` a generic plan made on thin statistics read every message of the tenant
     -- through its (tenant_id, idempotency_key) index, 150 buffers a call in the bench, growing with
     -- the tenant (issue 21, fifth round; hot-statement-plans.int-spec.ts).
     WHERE m.id = a.id AND m.id = ANY($1::uuid[]) AND m.tenant_id IS NOT DISTINCT FROM $4::uuid
       AND (m.status = 'queued' OR m.provider_message_id IS NULL OR m.sent_at IS NULL)
     RETURNING 1
   )
   -- Deleted, not marked published: its work is done (see RECORD_ANSWER_BATCH, answer-statements.ts).
   DELETE FROM outbox WHERE id = $5::bigint AND published_at IS NULL`,
  z.unknown(),
);

/**
 * Inline claims the contact job did not use (send-inline.ts: the provider was not called for them),
 * released for the send job, which may then send them at once. Only a mark this step wrote and only
 * while still queued. $1 messages, $2 the claim's time, $3 tenant.
 */
export const RELEASE_INLINE_CLAIM = hotStatement(
  'll_send_inline_release_v1',
  // The tenant check as RECORD_INLINE_SENT's: by primary key only, never the tenant's index.
  `UPDATE messages SET send_attempted_at = NULL, updated_at = now()
   WHERE id = ANY($1::uuid[]) AND tenant_id IS NOT DISTINCT FROM $3::uuid AND status = 'queued'
     AND send_attempted_at = $2::timestamptz`,
  z.unknown(),
);

/**
 * The read receipt's mark (mark-read.ts): the conversation's inbound messages up to the latest one
 * the answer covers, from its latest inbound message already read (read-marks.ts readSince: the
 * earlier ones are read). Outside a transaction, tenant named. $1 now, $2 conversation, $3 tenant,
 * $4 bound.
 */
export const MARK_READ = hotStatement(
  'll_mark_read_v1',
  // The tenant check as RECORD_INLINE_SENT's: through the conversation's index only (a BitmapAnd
  // with the tenant's index read every message of the tenant).
  `UPDATE messages SET read_at = $1::timestamptz, updated_at = now()
   WHERE conversation_id = $2::uuid AND tenant_id IS NOT DISTINCT FROM $3::uuid
     AND direction = 'in' AND read_at IS NULL AND created_at < $4::timestamptz
     AND created_at >= ${readSince('$2::uuid', '$4::timestamptz')}`,
  z.unknown(),
);

// --- a batch of steps in one statement each (issue 21, sixth round) ------------------------------

/**
 * The head events of one or more contacts (contact-step-batch.ts gathers a batch's; a step alone,
 * hot-apply.ts ALONE, names its one contact), each read and marked processed (the mark commits or
 * rolls back with the step), after the locks in a statement of its own so its snapshot sees what the
 * locks' previous holders committed; with each, whether another event waits, the runs it may go to
 * (the contact's active runs, most recent first, and the run its payload names) and, for an inbound
 * message, the campaign reply it is (campaign-reply.ts's takeCampaignReply, same rule: marked replied
 * in this transaction) and, for a fired timer, the timer read and marked fired (contact-processor.ts
 * timer(), same rule: a stale (cancelled) or already fired timer matches none; one round trip less per
 * timer than a statement of its own, issue 21's fourth round). The marks roll back with a step the
 * hot path leaves. A contact without a pending event has no row; a contact named twice is applied once.
 *
 * The rules live in ONE place, the function ll_apply_heads (migration 20261211010000_batch_key_probes,
 * which explains each), a loop over the contacts whose every statement takes one contact's scalar
 * values and names its rows by a key (issue 21, tenth round). Issue 21, eleventh round: the
 * single-contact statement APPLY_HEAD, which wrote the same rules again as SQL of its own (kept equal
 * by a test), is gone; one contact is this call with an array of one. What its notes said holds in
 * the function: the fired timer is found by its (run_id, timer_id) key through scalar subqueries (a
 * join with the head let a generic plan scan every pending timer: 5 ms a call with 5,000 pending),
 * and "neither fired nor cancelled" is one COALESCE, so that it never matches the partial
 * run_timers_pending_idx (a plan made on missing statistics scanned that whole index: 1,400 buffers a
 * call in issue 21's fifth round).
 *
 * Until the tenth round the batch was one set-based statement whose updates found their rows through
 * arrays (`id = ANY(ARRAY(...))`): a generic plan, not knowing their length, read the tenant's table
 * through its tenant index on thin statistics, so it was planned at every call (~1.0 ms a call);
 * prepared (round 9), its plan kept from when the tables were new marked 30-70 % of the heads without
 * contact_events_pkey. Each scalar statement's plans, custom or generic, are the key probe whatever
 * the statistics, so PL/pgSQL keeps the generic ones, and this call (a Function Scan, the same plan
 * either way) is prepared once per connection: nothing is planned again (batch-key-probes.int-spec.ts;
 * apply-heads-rules.int-spec.ts holds the rules). $1 contacts, $2 now, $3 the campaign reply window's
 * start.
 */
export const APPLY_HEADS = hotStatement(
  'll_apply_heads_v3',
  `SELECT h.contact_id::text AS contact_id, h.id::text AS id, h.kind, h.payload, h.occurred_at, h.more, h.runs,
          h.reply_id::text AS reply_id, h.reply_campaign_id::text AS reply_campaign_id, h.reply_flow_key,
          h.reply_button_flows, h.timer_due_at
   FROM ll_apply_heads($1::uuid[], $2::timestamptz, $3::timestamptz) h`,
  headRow.extend({ contact_id: z.string() }),
);

/** A row of lockContactsAndHeadsSql: the contact (contactRow's columns) and its head as APPLY_HEADS gives it, if any. */
export function lockedWithHead(row: Record<string, unknown>): {
  contact: HotContact;
  head: z.infer<typeof APPLY_HEADS.row> | undefined;
} {
  const contact = contactRow.parse(row);
  const head =
    row.head_id === null
      ? undefined
      : APPLY_HEADS.row.parse({ ...row, id: row.head_id, contact_id: contact.id });
  return { contact, head };
}

/**
 * One step's writes (hot-apply.ts builds it): PERSIST_STEP's parameters of one run as one object,
 * one element of PERSIST_STEPS's JSON array (Dates become ISO strings there).
 */
export interface PersistStepRow {
  run: string;
  state: unknown;
  status: string;
  node: string | null;
  vars: unknown;
  /** Absent or null keeps the run's error. */
  error: unknown;
  /** Null keeps the run's ended_at. */
  endedAt: Date | null;
  engine: string;
  flow: string;
  version: string;
  trace: { at: string; type: string; node: string; port: string | null; data: unknown }[];
  conversation: string | null;
  contact: string;
  channel: string | null;
  messages: { id: string; type: string; body: unknown; key: string; template: string | null }[];
  /** The send outbox entry's payload; null: no messages. */
  send: unknown;
  armed: { id: string; due: string }[];
  cancelled: string[];
  /** The other outbox entries (timer, activity). */
  queued: { kind: string; payload: unknown }[];
  /** The run summary of a completed run (null: none; the flow's key and version are added here). */
  summary: unknown;
  /** The contact as the event shows it. */
  shown: unknown;
  /** The inline send's claim (send-inline.ts); null: the send job sends them. */
  claimAt: Date | null;
}

/**
 * PERSIST_STEP for several steps at once (contact-step-batch.ts; a step alone still runs PERSIST_STEP):
 * each step's writes exactly as PERSIST_STEP's CTEs write them (read its comment: the trace numbered
 * after the run's last event, the messages claimed for the inline send unless an earlier one of the
 * run still waits, the send outbox row only when every message was stored, the run.completed event
 * with a delivery per subscription), one row out per step in the steps' order, with what the step
 * checks and the inline send needs. The steps are of distinct contacts (one batch holds a contact
 * once), hence distinct runs: a row of a CTE belongs to the step whose run it names. Prepared once
 * per connection (issue 21, ninth round; see persistStepsStatement).
 * $1 the steps (a JSON array of PersistStepRow), $2 tenant, $3 now.
 */
const PERSIST_STEPS_HEAD = `WITH s AS MATERIALIZED (
     SELECT a.ord, (a.x->>'run')::uuid AS run_id, (a.x->>'contact')::uuid AS contact_id,
            (a.x->>'conversation')::uuid AS conversation_id, (a.x->>'channel')::uuid AS channel_id,
            (a.x->>'flow')::uuid AS flow_id, (a.x->>'version')::uuid AS version_id,
            (a.x->>'claimAt')::timestamptz AS claim_at, a.x,
            -- Named here so that every shape of the statement takes the same three parameters.
            $3::timestamptz AS now
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS a(x, ord)
   ), run AS (
     UPDATE flow_runs r SET state = s.x->'state', status = (s.x->>'status')::flow_run_status,
            current_node = s.x->>'node', vars = s.x->'vars',
            error = COALESCE(NULLIF(s.x->'error', 'null'::jsonb), r.error),
            ended_at = COALESCE((s.x->>'endedAt')::timestamptz, r.ended_at),
            engine = (s.x->>'engine')::flow_engine, updated_at = now()
     FROM s
     WHERE r.id = ANY(ARRAY(SELECT run_id FROM s)) AND r.id = s.run_id
     RETURNING r.id
   ), trace AS (
     INSERT INTO run_events (tenant_id, run_id, flow_id, flow_version_id, seq, at, type, node_id, port, data)
     SELECT $2::uuid, s.run_id, s.flow_id, s.version_id, base.seq + t.ord, (t.e->>'at')::timestamptz,
            t.e->>'type', t.e->>'node', t.e->>'port', COALESCE(NULLIF(t.e->'data', 'null'::jsonb), '{}'::jsonb)
     FROM s
     CROSS JOIN LATERAL (SELECT COALESCE(MAX(seq), 0) AS seq FROM run_events WHERE run_id = s.run_id) base
     CROSS JOIN LATERAL jsonb_array_elements(s.x->'trace') WITH ORDINALITY AS t(e, ord)
     RETURNING run_id
   ), claim AS (
     -- "No earlier message of the run still waits", probed per step by the run's key: a LATERAL
     -- subquery with a LIMIT is never flattened, so it can only be a parameterised scan. Written as
     -- NOT EXISTS it became an anti join, which a plan that takes the JSON array for 100 rows made a
     -- hash of every queued message of every tenant (the whole messages_queued_idx: a campaign's
     -- backlog read by every batch) or, with the messages not analysed yet, a sequential scan of the
     -- whole table (auto_explain in the bench; issue 21, seventh round; hot-statement-plans.int-spec.ts).
     SELECT s.ord, s.claim_at AS at FROM s
     LEFT JOIN LATERAL (
       SELECT 1 AS one FROM messages e
       WHERE e.run_id = s.run_id AND e.direction = 'out' AND e.status = 'queued'
         -- Implied by status = 'queued'; lets messages_queued_idx (keyed on these) serve the check.
         AND e.provider_message_id IS NULL AND e.failed_at IS NULL
       LIMIT 1
     ) waiting ON true
     WHERE s.claim_at IS NOT NULL AND waiting.one IS NULL
   ), sent AS (
     INSERT INTO messages (id, tenant_id, conversation_id, contact_id, channel_id, direction, type, body, status,
                           idempotency_key, run_id, template_name, send_attempted_at, created_at, updated_at)
     SELECT (m.e->>'id')::uuid, $2::uuid, s.conversation_id, s.contact_id, s.channel_id,
            'out'::message_direction, m.e->>'type', m.e->'body', 'queued'::message_status, m.e->>'key',
            s.run_id, m.e->>'template', claim.at, clock_timestamp(), clock_timestamp()
     FROM s
     CROSS JOIN LATERAL jsonb_array_elements(s.x->'messages') WITH ORDINALITY AS m(e, ord)
     LEFT JOIN claim ON claim.ord = s.ord
     ORDER BY s.ord, m.ord
     RETURNING run_id
   ), box AS (
     INSERT INTO outbox (tenant_id, kind, payload)
     SELECT $2::uuid, 'send', s.x->'send'
     FROM s
     WHERE jsonb_typeof(s.x->'send') = 'object'
       AND (SELECT count(*) FROM sent WHERE sent.run_id = s.run_id) = jsonb_array_length(s.x->'messages')
     ORDER BY s.ord
     RETURNING id, payload
`;

// Timers armed and cancelled.
const PERSIST_STEPS_TIMERS = `   ), armed AS (
     INSERT INTO run_timers (tenant_id, run_id, contact_id, timer_id, due_at)
     SELECT $2::uuid, s.run_id, s.contact_id, t.e->>'id', (t.e->>'due')::timestamptz
     FROM s CROSS JOIN LATERAL jsonb_array_elements(s.x->'armed') AS t(e)
     RETURNING run_id
   ), cancelled AS (
     -- By key, then by primary key, as APPLY_HEADS's fired timers.
     UPDATE run_timers t SET cancelled_at = $3::timestamptz
     WHERE t.id = ANY(ARRAY(
             SELECT (SELECT k.id FROM run_timers k
                     WHERE k.run_id = s.run_id AND k.timer_id = c.timer_id AND k.fired_at IS NULL)
             FROM s CROSS JOIN LATERAL jsonb_array_elements_text(s.x->'cancelled') AS c(timer_id)))
       AND t.fired_at IS NULL
     RETURNING t.run_id
`;

// Outbox entries other than the send (timer, activity).
const PERSIST_STEPS_QUEUED = `   ), queued AS (
     INSERT INTO outbox (tenant_id, kind, payload)
     SELECT $2::uuid, q.e->>'kind', q.e->'payload'
     FROM s CROSS JOIN LATERAL jsonb_array_elements(s.x->'queued') WITH ORDINALITY AS q(e, ord)
     ORDER BY s.ord, q.ord
     RETURNING id, kind, payload
`;

// The run.completed event and its deliveries.
const PERSIST_STEPS_COMPLETED = `   ), subscribed AS (
     SELECT id FROM webhook_subscriptions
     WHERE tenant_id = $2::uuid AND events @> ARRAY['run.completed']
       AND EXISTS (SELECT 1 FROM s WHERE jsonb_typeof(s.x->'summary') = 'object')
   ), completed AS (
     INSERT INTO outbound_events (tenant_id, type, contact_id, payload, occurred_at)
     SELECT $2::uuid, 'run.completed', s.contact_id,
            jsonb_build_object(
              'run', (s.x->'summary') || jsonb_build_object('flow', f.key, 'flowVersion', v.version),
              'contact', s.x->'shown'),
            $3::timestamptz
     FROM s
     LEFT JOIN flow_versions v ON v.id = s.version_id
     LEFT JOIN flows f ON f.id = v.flow_id
     WHERE jsonb_typeof(s.x->'summary') = 'object' AND EXISTS (SELECT 1 FROM subscribed)
     ORDER BY s.ord
     RETURNING id, contact_id
   ), delivered AS (
     INSERT INTO webhook_deliveries (tenant_id, event_id, subscription_id, next_attempt_at)
     SELECT $2::uuid, completed.id, subscribed.id, $3::timestamptz FROM completed, subscribed
     RETURNING event_id
`;

/** What a batch's steps write besides their runs, traces, messages and send: each part is optional. */
export interface PersistStepsShape {
  timers: boolean;
  queued: boolean;
  completed: boolean;
}

function persistStepsText(shape: PersistStepsShape): string {
  return [
    PERSIST_STEPS_HEAD,
    shape.timers ? PERSIST_STEPS_TIMERS : '',
    shape.queued ? PERSIST_STEPS_QUEUED : '',
    shape.completed ? PERSIST_STEPS_COMPLETED : '',
    `   )
   SELECT (SELECT count(*) FROM run WHERE run.id = s.run_id)::int AS runs,
          (SELECT count(*) FROM trace WHERE trace.run_id = s.run_id)::int AS traced,
          (SELECT box.id::text FROM box WHERE box.payload = s.x->'send') AS outbox_id,
          claim.at IS NOT NULL AS claimed,
`,
    shape.timers
      ? `          (SELECT count(*) FROM armed WHERE armed.run_id = s.run_id)::int AS armed,
          (SELECT count(*) FROM cancelled WHERE cancelled.run_id = s.run_id)::int AS cancelled,
`
      : `          0 AS armed, 0 AS cancelled,\n`,
    shape.queued
      ? `          -- An entry is the step's when its payload is one the step gave (each names its run).
          COALESCE((SELECT json_agg(json_build_object('id', q.id::text, 'kind', q.kind, 'payload', q.payload)
                                    ORDER BY q.id)
                    FROM queued q
                    WHERE q.payload IN (SELECT e->'payload' FROM jsonb_array_elements(s.x->'queued') e)),
                   '[]'::json) AS queued,
`
      : `          '[]'::json AS queued,\n`,
    shape.completed
      ? `          (SELECT count(*) FROM delivered d JOIN completed c ON c.id = d.event_id
           WHERE c.contact_id = s.contact_id)::int AS deliveries,
`
      : `          0 AS deliveries,\n`,
    `          ch.provider::text AS provider, ch.phone_number_id, ch.waba_id, ch.encrypted_credentials,
          unread.unread_provider_id, unread.unread_created_at
   FROM s
   LEFT JOIN claim ON claim.ord = s.ord
   -- The channel probed per step by its key (a LATERAL subquery kept apart by OFFSET 0): as a join,
   -- a plan made on an empty or unanalysed channels table read the tenant's channels through
   -- channels_tenant_id_idx (hot-statement-plans.int-spec.ts).
   LEFT JOIN LATERAL (
     SELECT k.provider, k.phone_number_id, k.waba_id, k.encrypted_credentials FROM channels k
     WHERE k.id = s.channel_id AND claim.at IS NOT NULL OFFSET 0) ch ON true
   ${latestUnreadInboundLateral('CASE WHEN claim.at IS NOT NULL THEN s.conversation_id END')}
   ORDER BY s.ord`,
  ].join('');
}

const PERSIST_STEPS_SHAPES = new Map<string, HotStatement<z.infer<typeof persistedStepRow>>>();

/**
 * PERSIST_STEPS for these rows (issue 21, seventh round): its text holds only the parts some row
 * needs. Most batches arm, cancel and queue nothing and complete no run, so those six of its twelve
 * parts (and their four subqueries) are left out and their counts are 0: a smaller text to parse
 * and a smaller plan to make and run. A part a row needs is never left out (a shape flag is set
 * whenever any row has such an entry); with all flags set this is PERSIST_STEPS.
 */
export function persistStepsFor(rows: readonly PersistStepRow[]): HotStatement<PersistedStepsRow> {
  return persistStepsStatement({
    timers: rows.some((row) => row.armed.length > 0 || row.cancelled.length > 0),
    queued: rows.some((row) => row.queued.length > 0),
    completed: rows.some((row) => row.summary != null),
  });
}

/**
 * Each shape is a NAMED statement, parsed once per connection, and after PostgreSQL's five custom
 * plans run on a generic plan (issue 21, ninth round: planning was ~0.8 ms a call, 1.00 plans a call,
 * the most of any statement; at moderate rates a batch holds one or two steps, so it was paid nearly
 * per step). Unlike the set-based APPLY_HEADS of that round (an array whose length a custom plan saw,
 * a reply window whose value it saw; since the tenth round a function of scalar key probes), none of
 * its parameters can change its plan: $1 is a JSON document the planner sizes as 100 rows whatever
 * it holds, $2 and $3 are only written (but $2 in the subscriptions' lookup, a
 * tenant's handful of rows). So its generic plan is the plan a custom plan would be on the same
 * statistics (batch-generic-plans.int-spec.ts compares them on empty, unanalysed and analysed tables),
 * and PostgreSQL makes it again whenever a table it reads is analysed (a cached plan is
 * invalidated by its tables' new statistics, as a custom plan would follow them; autovacuum analyses a
 * table after its first 50 changes, then after each 10 %). What a generic plan adds is that it keeps
 * its estimates between two analyses where a custom plan scales them with the table's size in pages:
 * the parts this matters for are the runs' update and the cancelled timers, which on tables never
 * analysed and nearly empty read the tenant's rows through its tenant index, in both plans, until
 * the first analysis. The trace's last seq and the queued messages are probed by the run's key and
 * the channel by its primary key whatever the statistics (LATERAL probes).
 */
function persistStepsStatement(shape: PersistStepsShape): HotStatement<PersistedStepsRow> {
  const key = `${Number(shape.timers)}${Number(shape.queued)}${Number(shape.completed)}`;
  let statement = PERSIST_STEPS_SHAPES.get(key);
  if (!statement) {
    statement = hotStatement(`ll_persist_steps_v2_${key}`, persistStepsText(shape), persistedStepRow);
    PERSIST_STEPS_SHAPES.set(key, statement);
  }
  return statement;
}

export type PersistedStepsRow = z.infer<typeof persistedStepRow>;

/** Whether a statement's text is a shape of PERSIST_STEPS (to count or pick it out in tests). */
export function isPersistSteps(text: string): boolean {
  return text.startsWith(PERSIST_STEPS_HEAD);
}

/** Every part: the statement for any rows. */
export const PERSIST_STEPS = persistStepsStatement({ timers: true, queued: true, completed: true });
