-- Issue 21, tenth round: the two batch statements still planned at (nearly) every call, rewritten as
-- PL/pgSQL loops of scalar statements, each naming ONE row by a key (the shape round 9 gave the
-- ingest's statuses, 20261210010000_ingest_status_key_probes):
--  * APPLY_HEADS (libs/engine/src/sql/hot-statements.ts) was sent unnamed and planned at every call
--    (~1.0 ms a call): as a set-based statement its updates found their rows through arrays
--    (`id = ANY(ARRAY(...))`), whose length a generic plan does not know, and a generic plan made while
--    the tables were new marked 30-70 % of the heads without contact_events_pkey (round 9, put back);
--  * RECORD_ANSWER_BATCH (libs/engine/src/sql/answer-statements.ts) was named, but PostgreSQL chose
--    custom plans for 0.81 of its calls (0.52 ms of planning a call): its generic plan, sized for arrays
--    of ten, looked dearer than a custom plan sized for the one or two answers a batch holds.
-- A statement that takes one element's scalar values and names one row by its unique key (or one
-- contact's / run's / conversation's rows by that key's index) costs the same in every plan, custom
-- or generic, whatever the statistics (empty, never analysed, analysed): PL/pgSQL makes five custom
-- plans per statement and session, then keeps the generic one, which is the key probe. The statement
-- calling the function is a Function Scan, whose generic plan is its custom plan: prepared once per
-- connection, never planned again (batch-key-probes.int-spec.ts counts both).
-- Sequential and bitmap scans are turned off for the functions' statements (a SET clause applies while
-- they are planned and run, as for ll_latest_unread_inbound): a plan made on a table of a page or two
-- (new, or the tests' fixture) would otherwise scan it whole, and keep doing so once it grew until the
-- next ANALYZE; and a bitmap of a conversation's or contact's index, sorted, reads all of its rows where
-- a backward scan of the index stops at the first match (the read mark's start). Every statement here
-- has a key index to use, so no plan is left without one.
-- VOLATILE (they write); SECURITY INVOKER (the default): row-level security applies as to the calling
-- statement (APPLY_HEADS runs under the tenant's scope; the answers batch names its tenant in every
-- statement, as before).

-- APPLY_HEADS, contact by contact in the array's order (the batch has locked every contact already,
-- contact-step-batch.ts, so the order takes no lock that matters), each contact once: a repeated
-- contact is skipped (its second pass would mark its NEXT event processed too, a head the caller,
-- which keeps one row per contact, would never apply: an event lost). The repeat is found by a
-- PL/pgSQL array test, a simple expression (no table, planned once per session), not by a query
-- over unnest (one more statement, whose custom plans see the array's length and a generic plan
-- does not). A NULL array is no contact (no row, as the set-based statement returned).
-- Each contact's head event read and marked processed, with whether another waits, its runs, its
-- campaign reply and its fired timer, in ONE statement per contact, APPLY_HEAD's (the single-contact
-- statement, hot-statements.ts) with the contact a scalar: every row it writes is named by a scalar key
-- (an InitPlan: the head by contact_events_pkey, the reply by campaign_recipients_pkey, the timer by
-- its (run_id, timer_id) key) and every row it reads is found through the contact's index (its pending
-- events, runs and campaign recipients) or a primary key (the campaign). A contact without a pending
-- event has no row.
-- Each statement has a snapshot of its own (READ COMMITTED), taken after the contacts' locks, so each
-- sees what the locks' previous holders committed, as the set-based statement's one snapshot did.
CREATE OR REPLACE FUNCTION ll_apply_heads(p_contacts uuid[], p_now timestamptz, p_since timestamptz)
RETURNS TABLE (
  contact_id uuid, id bigint, kind text, payload jsonb, occurred_at timestamptz, more boolean, runs json,
  reply_id bigint, reply_campaign_id uuid, reply_flow_key text, reply_button_flows jsonb,
  timer_due_at timestamptz
)
LANGUAGE plpgsql VOLATILE
-- A batch holds a few contacts (the default estimate of a set-returning function, 1,000 rows, would
-- only inflate the calling statement's costs).
ROWS 10
SET enable_seqscan = off
SET enable_bitmapscan = off
AS $$
#variable_conflict use_column
DECLARE
  v_contact uuid;
  v_seen uuid[] := '{}';
BEGIN
  FOREACH v_contact IN ARRAY coalesce(p_contacts, '{}') LOOP
    CONTINUE WHEN v_contact = ANY (v_seen);
    v_seen := v_seen || v_contact;
    RETURN QUERY
    WITH pending AS (
      SELECT e.id FROM contact_events e
      WHERE e.contact_id = v_contact AND e.processed_at IS NULL ORDER BY e.id LIMIT 2
    ), head AS (
      UPDATE contact_events h SET processed_at = p_now
      WHERE h.id = (SELECT min(p.id) FROM pending p)
      RETURNING h.id, h.kind, h.payload, h.occurred_at
    ), reply AS (
      -- The campaign reply it is (campaign-reply.ts's takeCampaignReply, same rule): the contact's
      -- latest recipient row queued within the window, marked replied by its primary key. The window
      -- and the order are applied to the contact's rows, not to the scan: as scan conditions they
      -- made the tenant's (tenant_id, queued_at) index look better on tables never analysed (under
      -- row-level security the tenant's policy is an index condition too).
      UPDATE campaign_recipients r SET replied_at = p_now
      WHERE r.id = (
        SELECT (array_agg(x.id ORDER BY x.queued_at DESC) FILTER (WHERE x.queued_at > p_since))[1]
        FROM campaign_recipients x
        WHERE x.contact_id = v_contact AND x.state = 'queued' AND x.replied_at IS NULL
          AND (SELECT hk.kind FROM head hk) = 'inbound')
      RETURNING r.id, r.campaign_id
    ), fired AS (
      -- The fired timer by its (run_id, timer_id) key; "neither fired nor cancelled" as one COALESCE,
      -- never the partial run_timers_pending_idx (see APPLY_HEAD). A stale (cancelled) or already
      -- fired timer matches none. The runId was checked a UUID when the timer was fired.
      UPDATE run_timers t SET fired_at = p_now
      WHERE t.run_id = (SELECT (ht.payload->>'runId')::uuid FROM head ht WHERE ht.kind = 'timer')
        AND t.timer_id = (SELECT ht.payload->>'timerId' FROM head ht WHERE ht.kind = 'timer')
        AND COALESCE(t.fired_at, t.cancelled_at) IS NULL
      RETURNING t.due_at
    )
    SELECT v_contact, h.id, h.kind, h.payload, h.occurred_at, (SELECT count(*) FROM pending) > 1,
           -- The runs it may go to: the contact's active runs, most recent first, and the run its
           -- payload names (a column here, so no plan folds it away).
           COALESCE((
             SELECT json_agg(json_build_object(
                      'id', r.id, 'flowId', r.flow_id, 'flowVersionId', r.flow_version_id,
                      'conversationId', r.conversation_id, 'status', r.status, 'engine', r.engine,
                      'state', r.state) ORDER BY r.updated_at DESC)
             FROM flow_runs r
             WHERE r.contact_id = v_contact
               AND (r.status IN ('running', 'waiting', 'handoff') OR r.id::text = h.payload->>'runId')
           ), '[]'::json),
           y.id, y.campaign_id, k.flow_key, k.button_flows, (SELECT f.due_at FROM fired f)
    FROM head h
    LEFT JOIN reply y ON true
    -- The campaign by its primary key (a LATERAL subquery kept apart by OFFSET 0: never a join that
    -- could read the tenant's campaigns).
    LEFT JOIN LATERAL (
      SELECT c.flow_key, c.button_flows FROM campaigns c WHERE c.id = y.campaign_id OFFSET 0
    ) k ON true;
  END LOOP;
  RETURN;
END
$$;

-- RECORD_ANSWER_BATCH: the answers of a tenant's inline sends, their outbox rows and their
-- conversations' read marks (answer-statements.ts says what each part does and why), one row at a
-- time. Tenant named in every statement as `IS NOT DISTINCT FROM` (tenant_id is NOT NULL, so it means
-- `=`), so no plan goes through the tenant's index.
-- Lock order (issue 21, ninth round's deadlock fix): the answered messages are updated one by one in
-- the order of p_ids, which the caller sorts by id (answer-batch.ts), the order the ingest applies
-- status webhooks in (ll_ingest_tenant_batch): each UPDATE locks its one row, so the batch holds the
-- messages it waits behind in id order, and never a larger id while it waits for a smaller one.
CREATE OR REPLACE FUNCTION ll_record_answer_batch(
  p_tenant uuid, p_ids uuid[], p_pids text[], p_ats timestamptz[], p_outbox bigint[],
  p_conversations uuid[], p_bounds timestamptz[], p_read_ats timestamptz[]
) RETURNS TABLE (answered int, published int, marked int)
LANGUAGE plpgsql VOLATILE
ROWS 1
SET enable_seqscan = off
SET enable_bitmapscan = off
AS $$
#variable_conflict use_column
DECLARE
  v_i int;
  v_id uuid;
  v_pid text;
  v_at timestamptz;
  v_outbox bigint;
  v_conversation uuid;
  v_bound timestamptz;
  v_count int;
BEGIN
  answered := 0;
  published := 0;
  marked := 0;
  -- Each answer: RECORD_INLINE_SENT's update ("queued" becomes "sent"; a row a status webhook already
  -- moved on gains only what it lacks), by primary key.
  FOR v_i IN 1 .. coalesce(cardinality(p_ids), 0) LOOP
    v_id := p_ids[v_i];
    v_pid := p_pids[v_i];
    v_at := p_ats[v_i];
    UPDATE messages m SET
      provider_message_id = CASE WHEN m.status = 'queued' THEN v_pid ELSE COALESCE(m.provider_message_id, v_pid) END,
      sent_at = CASE WHEN m.status = 'queued' THEN v_at ELSE COALESCE(m.sent_at, v_at) END,
      status = CASE WHEN m.status = 'queued' THEN 'sent'::message_status ELSE m.status END,
      updated_at = now()
    WHERE m.id = v_id AND m.tenant_id IS NOT DISTINCT FROM p_tenant AND m.direction = 'out'
      AND (m.status = 'queued' OR m.provider_message_id IS NULL OR m.sent_at IS NULL);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    answered := answered + v_count;
  END LOOP;
  -- Each step's outbox row deleted by its primary key, only if still unpublished (a row the sweeper
  -- published meanwhile is left as it is).
  FOREACH v_outbox IN ARRAY coalesce(p_outbox, '{}') LOOP
    -- "Unpublished" written so that it cannot match the partial outbox_unpublished_idx
    -- ((tenant_id, id) WHERE published_at IS NULL): a plan on thin statistics read that whole index
    -- (every unpublished row of every tenant) for the id, its second column, instead of the primary
    -- key. published_at is never 'infinity' (it is a publication's time).
    DELETE FROM outbox o
    WHERE o.id = v_outbox AND o.tenant_id IS NOT DISTINCT FROM p_tenant
      AND COALESCE(o.published_at, 'infinity'::timestamptz) = 'infinity'::timestamptz;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    published := published + v_count;
  END LOOP;
  -- Each conversation's inbound messages before its bound marked read, from its latest inbound message
  -- already read (read-marks.ts readSince: every earlier one is read), by the conversation's index:
  -- MARK_READ's statement, both ends of the scan keys. The bound is read through a sub-SELECT (an
  -- InitPlan, whose value no plan sees): a custom plan would size the range from the histogram, a
  -- generic one cannot, and with the two costs apart PL/pgSQL kept making custom plans (one planner
  -- run per conversation and call on analysed tables: batch-key-probes.int-spec.ts); this way both are
  -- the same plan, the scan of the conversation's index between the two ends.
  FOR v_i IN 1 .. coalesce(cardinality(p_conversations), 0) LOOP
    v_conversation := p_conversations[v_i];
    v_bound := p_bounds[v_i];
    UPDATE messages i SET read_at = p_read_ats[v_i], updated_at = now()
    WHERE i.conversation_id = v_conversation AND i.tenant_id IS NOT DISTINCT FROM p_tenant
      AND i.direction = 'in' AND i.read_at IS NULL AND i.created_at < (SELECT v_bound)
      AND i.created_at >= COALESCE((
        SELECT p.created_at FROM messages p
        WHERE p.conversation_id = v_conversation AND p.tenant_id IS NOT DISTINCT FROM p_tenant
          AND p.created_at < (SELECT v_bound) AND p.direction = 'in' AND p.read_at IS NOT NULL
        ORDER BY p.created_at DESC LIMIT 1), '-infinity'::timestamptz);
    GET DIAGNOSTICS v_count = ROW_COUNT;
    marked := marked + v_count;
  END LOOP;
  RETURN NEXT;
END
$$;
