/**
 * The read receipt's two reads of a conversation (mark-read.ts): its target, the latest unread
 * inbound message, and the mark's lower bound. Both are written so that they read only the
 * conversation's newest messages (issue 21, eighth round): asked as "the latest inbound message
 * whose read_at is NULL" or "every unread inbound message before the bound", PostgreSQL read every
 * earlier message of the conversation (read_at is no column of messages_conversation_id_created_at_idx,
 * and the target's plan, expecting the first unread row far back, was a bitmap of the whole
 * conversation and a sort), ~185 buffers a step for a 300-message conversation
 * (read-mark-cost.int-spec.ts).
 *
 * Why reading only the newest messages finds the same rows: a conversation's read inbound messages
 * are always its EARLIEST inbound messages (a prefix by created_at), because
 * - inbound read_at is written by the mark only (MARK_READ, RECORD_ANSWER_BATCH, markAnsweredRead's
 *   fallback; a status webhook names an outbound message), and the mark sets it on every unread
 *   inbound message before its bound, never on some of them;
 * - an inbound message's created_at is clock_timestamp() in ll_ingest_tenant_batch, taken after the
 *   contact's row lock (its upsert comes first), so one contact's inbound messages are committed in
 *   created_at order: a message committed after a mark is created after every message it marked.
 * Hence the latest inbound message is unread exactly when some inbound message is, and an unread
 * one is never older than the latest read one. A row written otherwise (a hand-made created_at in
 * the past, a fixture) that breaks the prefix is neither the target nor marked until a newer
 * inbound message is (read-marks.int-spec.ts "out of order").
 */

/**
 * A LEFT JOIN LATERAL giving `unread_provider_id` and `unread_created_at`: the conversation's
 * latest inbound message (with a provider id) created before `before`, only if it is unread, by the
 * function ll_latest_unread_inbound (migration 20261209010000_latest_unread_inbound: a backward scan
 * of the conversation's index that stops at its first inbound row, whatever the statistics say).
 * `conversation` NULL (e.g. no inline send claimed) gives no row and runs nothing (STRICT).
 */
export function latestUnreadInboundLateral(conversation: string, before = "'infinity'::timestamptz"): string {
  return `
   LEFT JOIN LATERAL ll_latest_unread_inbound(${conversation}, ${before}) unread ON true`;
}

/**
 * Where the mark of the conversation's inbound messages before `bound` starts: the created_at of
 * its latest inbound message before the bound that is read already (every earlier one is), or
 * -infinity. A backward scan from the bound that stops at the first read inbound row: the messages
 * since the previous answer.
 */
export function readSince(conversation: string, bound: string): string {
  return `COALESCE((
       SELECT p.created_at FROM messages p
       WHERE p.conversation_id = ${conversation} AND p.created_at < ${bound}
         AND p.direction = 'in' AND p.read_at IS NOT NULL
       ORDER BY p.created_at DESC LIMIT 1), '-infinity'::timestamptz)`;
}
