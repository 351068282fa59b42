-- Issue 21, eighth round: the read receipt's target, a conversation's latest unread inbound message
-- (libs/engine/src/sql/read-marks.ts, where the rule and why it finds the same row are explained),
-- read by PERSIST_STEPS, PERSIST_STEP and the send claim for every inline send.
--
-- A function of its own for one reason: its plan. Written inline, under row-level security, the
-- tenant's policy (tenant_id = the scope's setting, a value the planner cannot see) is estimated as
-- selective as one tenant of many, so the planner ANDed a bitmap of the conversation's index with a
-- bitmap of the tenant's WHOLE (tenant_id, idempotency_key) index and sorted the result (auto_explain
-- in the conversation-step bench: 1,530 index buffers and 809 heap blocks for 15 steps, ~160 buffers a
-- step, growing with the tenant), where a backward scan of the conversation's index stops at its
-- first inbound row. Bitmap and sequential scans are turned off for this query only (a SET clause
-- applies while the function is planned and run), which leaves that backward scan.
--
-- SECURITY INVOKER (the default): row-level security applies to it as to the statement calling it.
-- STRICT: a NULL conversation (the step claimed no inline send) returns no row without running.
CREATE FUNCTION ll_latest_unread_inbound(p_conversation uuid, p_before timestamptz)
RETURNS TABLE (unread_provider_id text, unread_created_at timestamptz)
LANGUAGE sql STABLE STRICT
-- One row at most (the default estimate of a set-returning function, 1,000, made every plan calling
-- it look expensive enough for JIT compilation where it is on).
ROWS 1
SET enable_bitmapscan = off
SET enable_seqscan = off
AS $$
  SELECT l.provider_message_id, l.created_at FROM (
    SELECT i.provider_message_id, i.created_at, i.read_at FROM messages i
    WHERE i.conversation_id = p_conversation AND i.direction = 'in'
      AND i.provider_message_id IS NOT NULL AND i.created_at < p_before
    ORDER BY i.created_at DESC LIMIT 1
  ) l
  WHERE l.read_at IS NULL
$$;
