import { z } from 'zod';
import { hotStatement } from './hot-sql';

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
 * One row at a time (issue 21, tenth round): the work is the function ll_record_answer_batch
 * (migration 20261211010000_batch_key_probes), whose every statement takes one element's scalar
 * values and names its rows by a key: each answered message and each outbox row by its primary key,
 * each conversation's unread inbound messages by its (conversation_id, created_at) index with both
 * ends as keys (MARK_READ's statement). As one set-based statement over the arrays it was named, but
 * PostgreSQL chose custom plans for 0.81 of its calls (0.52 ms of planning a call): a generic plan
 * sized for arrays of ten looked dearer than a custom one for the one or two answers a batch holds,
 * and forced, it read more buffers than the custom plans (round 9). A scalar key probe costs the same
 * in every plan, so PL/pgSQL keeps the generic plans and this call (a Function Scan) is prepared once
 * per connection: nothing is planned again (batch-key-probes.int-spec.ts). The outbox row, found
 * through outbox_unpublished_idx by `id` alone before (every unpublished row read), is now a
 * primary-key probe.
 *
 * Lock order (issue 21, ninth round): the messages are updated one by one in the order of $2, which
 * the caller sorts by id (answer-batch.ts), the order the ingest applies status webhooks in
 * (ll_ingest_tenant_batch): a batch never holds a larger id while it waits for a smaller one, so a
 * batch of answers and a batch of their "sent" statuses cannot deadlock (the set-based UPDATE locked
 * in its plan's order, which for a bitmap scan is the heap's: they did, p99 ~1 s at 100 steps/s).
 *
 * $1 tenant, $2 messages (sorted by id), $3 provider ids, $4 their answer times, $5 outbox rows,
 * $6 conversations to mark read, $7 each one's bound (exclusive), $8 each one's read time.
 */
export const RECORD_ANSWER_BATCH = hotStatement(
  'll_send_answer_batch_v4',
  `SELECT answered, published, marked
   FROM ll_record_answer_batch($1::uuid, $2::uuid[], $3::text[], $4::timestamptz[], $5::bigint[], $6::uuid[],
                               $7::timestamptz[], $8::timestamptz[])`,
  z.object({ answered: z.number(), published: z.number(), marked: z.number() }),
);
