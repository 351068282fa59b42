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
 * - `published`: each step's outbox row, deleted (only if it is still unpublished; see below);
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
 * The outbox row is deleted rather than marked published (issue 21, eighth round): marking it
 * changed published_at, a column of both partial outbox indexes' predicates, so the update could never
 * be HOT and wrote 3 index entries (primary key, tenant, published_at) on every step, for a row nothing
 * reads again. The row's work is done here: each of its messages was answered (this statement) or
 * refused (failed by handleProviderError); none is left queued, so the sweeper's re-publish of
 * published `send` rows (sweeper.ts republishPending, which looks only for queued messages) could
 * never match it, the Temporal hand-over looks only at `activity` rows, and retention would only
 * delete it later. A DELETE writes no index entry. Durability as before: the delete commits with the
 * answers in this one statement; until then the row stays unpublished for the sweeper. A row the
 * sweeper published meanwhile (its send job on its way) is left as it is (`published_at IS NULL`).
 *
 * $1 tenant, $2 messages, $3 provider ids, $4 their answer times, $5 outbox rows, $6 conversations to
 * mark read, $7 each one's bound (exclusive), $8 each one's read time.
 */
export const RECORD_ANSWER_BATCH = hotStatement(
  'll_send_answer_batch_v3',
  `WITH locked AS MATERIALIZED (
     -- The answered messages locked first, one by one in the order of $2, which the caller sorts by
     -- id (answer-batch.ts): the ingest applies status webhooks to messages in id order too
     -- (ll_ingest_tenant_batch), so the two never hold rows the other waits for. The UPDATE below
     -- alone locks in its plan's order, which for several keys can be a bitmap scan's, the order of
     -- the rows in the heap: a batch of answers and a batch of their "sent" statuses then deadlocked,
     -- and PostgreSQL failed one after 1 s (issue 21, ninth round: p99 ~1 s at 100 steps/s).
     SELECT l.id
     FROM unnest($2::uuid[]) WITH ORDINALITY AS a(id, n)
     CROSS JOIN LATERAL (
       SELECT m.id FROM messages m
       WHERE m.id = a.id AND m.tenant_id IS NOT DISTINCT FROM $1::uuid
       FOR NO KEY UPDATE OFFSET 0
     ) l
   ), answer AS (
     UPDATE messages m SET
       provider_message_id = CASE WHEN m.status = 'queued' THEN a.pid ELSE COALESCE(m.provider_message_id, a.pid) END,
       sent_at = CASE WHEN m.status = 'queued' THEN a.at ELSE COALESCE(m.sent_at, a.at) END,
       status = CASE WHEN m.status = 'queued' THEN 'sent'::message_status ELSE m.status END,
       updated_at = now()
     FROM unnest($2::uuid[], $3::text[], $4::timestamptz[]) AS a(id, pid, at)
     WHERE m.id = a.id AND m.id = ANY(ARRAY(SELECT id FROM locked)) AND m.tenant_id IS NOT DISTINCT FROM $1::uuid
       AND m.direction = 'out'
       AND (m.status = 'queued' OR m.provider_message_id IS NULL OR m.sent_at IS NULL)
     RETURNING 1
   ), published AS (
     DELETE FROM outbox o
     WHERE o.id = ANY($5::bigint[]) AND o.tenant_id IS NOT DISTINCT FROM $1::uuid AND o.published_at IS NULL
     RETURNING 1
   ), reading AS MATERIALIZED (
     -- Each conversation's mark starts at its latest inbound message already read (read-marks.ts
     -- readSince: every earlier one is read too), so it reads the messages since the previous answer,
     -- not the whole conversation (issue 21, eighth round). Computed first, so that both ends are
     -- keys of the scan below.
     SELECT r.conversation_id, r.bound, r.at, ${readSince('r.conversation_id', 'r.bound')} AS since
     FROM unnest($6::uuid[], $7::timestamptz[], $8::timestamptz[]) AS r(conversation_id, bound, at)
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
