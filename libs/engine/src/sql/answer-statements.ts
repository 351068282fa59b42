import { z } from 'zod';
import { hotStatement } from './hot-sql';
import { readSince } from './read-marks';

/**
 * Issue 21, sixth round: the answers of a tenant's inline sends that finished close together, with
 * their outbox rows published and their conversations' read marks, in ONE autocommit statement
 * (answer-batch.ts) instead of RECORD_INLINE_SENT and MARK_READ per step. Each part does what those
 * statements do, row for row:
 * - `answer`: RECORD_INLINE_SENT's update of each answered message ("queued" becomes "sent"; a row a
 *   status webhook already moved on gains only what it lacks), with each message's own answer time;
 * - `published`: each step's outbox row marked published (only if it is still unpublished);
 * - `marked`: MARK_READ's mark of each conversation's inbound messages up to the latest one answered
 *   (from its latest inbound message already read, read-marks.ts).
 * The sub-statements touch disjoint rows (outbound messages, outbox rows, inbound messages), which
 * one statement may update together.
 *
 * Tenant isolation: the batch holds one tenant's items (answer-batch.ts groups by tenant) and every
 * part names it, written as RECORD_INLINE_SENT's check (`IS NOT DISTINCT FROM`, so that no plan goes
 * through the tenant's index): a message, outbox row or conversation of another tenant named by
 * mistake is not touched (answer-batch.int-spec.ts).
 *
 * $1 tenant, $2 now (published_at), $3 messages, $4 provider ids, $5 their answer times, $6 outbox
 * rows, $7 conversations to mark read, $8 each one's bound (exclusive), $9 each one's read time.
 */
export const RECORD_ANSWER_BATCH = hotStatement(
  'll_send_answer_batch_v1',
  `WITH answer AS (
     UPDATE messages m SET
       provider_message_id = CASE WHEN m.status = 'queued' THEN a.pid ELSE COALESCE(m.provider_message_id, a.pid) END,
       sent_at = CASE WHEN m.status = 'queued' THEN a.at ELSE COALESCE(m.sent_at, a.at) END,
       status = CASE WHEN m.status = 'queued' THEN 'sent'::message_status ELSE m.status END,
       updated_at = now()
     FROM unnest($3::uuid[], $4::text[], $5::timestamptz[]) AS a(id, pid, at)
     WHERE m.id = a.id AND m.id = ANY($3::uuid[]) AND m.tenant_id IS NOT DISTINCT FROM $1::uuid
       AND m.direction = 'out'
       AND (m.status = 'queued' OR m.provider_message_id IS NULL OR m.sent_at IS NULL)
     RETURNING 1
   ), published AS (
     UPDATE outbox o SET published_at = $2::timestamptz
     WHERE o.id = ANY($6::bigint[]) AND o.tenant_id IS NOT DISTINCT FROM $1::uuid AND o.published_at IS NULL
     RETURNING 1
   ), reading AS MATERIALIZED (
     -- Each conversation's mark starts at its latest inbound message already read (read-marks.ts
     -- readSince: every earlier one is read too), so it reads the messages since the previous answer,
     -- not the whole conversation (issue 21, eighth round). Computed first, so that both ends are
     -- keys of the scan below.
     SELECT r.conversation_id, r.bound, r.at, ${readSince('r.conversation_id', 'r.bound')} AS since
     FROM unnest($7::uuid[], $8::timestamptz[], $9::timestamptz[]) AS r(conversation_id, bound, at)
   ), unread AS MATERIALIZED (
     -- The messages to mark, found per conversation by its index (a LATERAL scan is one per
     -- conversation: a plan made on statistics from when the table was small cannot turn it into a
     -- sequential scan of every message, as it did a join on \`conversation_id = ANY\`: auto_explain in
     -- the bench, 818 buffers a call), then updated by primary key.
     SELECT u.id, r.at
     FROM reading r
     CROSS JOIN LATERAL (
       SELECT i.id FROM messages i
       WHERE i.conversation_id = r.conversation_id AND i.created_at >= r.since AND i.created_at < r.bound
         AND i.direction = 'in' AND i.read_at IS NULL AND i.tenant_id IS NOT DISTINCT FROM $1::uuid
       -- Kept a subquery (never pulled up into a join, which the bench's plan made a sequential
       -- scan of the table again): a scan per conversation, by its index.
       OFFSET 0
     ) u
   ), marked AS (
     UPDATE messages i SET read_at = u.at, updated_at = now()
     FROM unread u
     WHERE i.id = u.id AND i.id = ANY(ARRAY(SELECT id FROM unread)) AND i.read_at IS NULL
     RETURNING 1
   )
   SELECT (SELECT count(*) FROM answer)::int AS answered, (SELECT count(*) FROM published)::int AS published,
     (SELECT count(*) FROM marked)::int AS marked`,
  z.object({ answered: z.number(), published: z.number(), marked: z.number() }),
);
