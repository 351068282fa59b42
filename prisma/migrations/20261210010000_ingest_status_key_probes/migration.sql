-- Issue 21, ninth round: ll_ingest_tenant_batch applies the statuses by key, one message at a time,
-- in the messages' id order. Same signature and results as 20261209030000_ingest_open_conversation_probe
-- (replaced in place); only the statuses part changed (the messages part is unchanged):
--  * its set-based statement (a LATERAL lookup joined to an UPDATE ... FROM) was planned again at
--    every call (pg_stat_statements in the conversation-step bench: plans/call 1.00, 0.38 ms of
--    planning against 0.16 ms of execution), because its generic plan, sized for arrays of unknown
--    length, looked dearer than a custom one; forced, that generic plan read 455 blocks a call (4.57 ms).
--    Now each statement takes one status's scalar values and names one message by a key (a lookup,
--    an UPDATE by primary key), whose generic plan is the key probe at the custom plan's cost:
--    PL/pgSQL keeps it after five calls, nothing is re-planned;
--  * the rows are updated in the messages' id order, not the batch's: two API processes applying
--    statuses of the same messages in opposite orders could deadlock (each holding one row, waiting
--    for the other's), which failed both batches (ingest-status-order.int-spec.ts).
-- Tests: hot-statement-plans.int-spec.ts (generic plans probe by key, rows read per status counted).
CREATE OR REPLACE FUNCTION ll_ingest_tenant_batch(
  p_tenant uuid,
  -- contacts, one per phone, sorted by phone (lock order)
  p_phones text[], p_names text[], p_contact_ats timestamptz[], p_referrals text[],
  -- inbound messages, in the batch's order
  p_msg_phones text[], p_msg_channels uuid[], p_msg_ats timestamptz[], p_msg_types text[],
  p_msg_bodies text[], p_msg_pmids text[], p_msg_payloads text[], p_msg_dedupe_keys text[],
  p_msg_texts text[],
  -- forward statuses, merged per message
  p_st_channels uuid[], p_st_pmids text[], p_st_callbacks uuid[], p_st_statuses text[], p_st_ranks int[],
  p_st_sent timestamptz[], p_st_delivered timestamptz[], p_st_read timestamptz[],
  p_st_error_codes text[], p_st_error_messages text[],
  -- per inbound message (added last): its opt-in/out keyword ('opt_in', 'opt_out' or null) and its
  -- media (kind null: none)
  p_msg_controls text[], p_msg_media_kinds text[], p_msg_media_mimes text[], p_msg_media_filenames text[]
) RETURNS TABLE (kind text, ord int, contact_id uuid, conversation_id uuid, message_id uuid)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_contact_ids uuid[];
  v_contact_phones text[];
  v_contact_fresh boolean[];
  -- the statuses part: one status's values, and each status's message (null: unknown)
  v_i int;
  v_targets uuid[];
  v_target uuid;
  v_channel uuid;
  v_pmid text;
  v_callback uuid;
  v_status text;
  v_rank int;
  v_sent timestamptz;
  v_delivered timestamptz;
  v_read timestamptz;
  v_error_code text;
  v_error_message text;
  v_st_contact uuid;
  v_st_conversation uuid;
  -- Whether any message is a keyword: without one, the contacts update below is not even started
  -- (a constant false qual gates its plan), whatever plan the planner chose for it.
  v_controls boolean := EXISTS (SELECT 1 FROM unnest(p_msg_controls) AS c(action) WHERE c.action IS NOT NULL);
BEGIN
  PERFORM set_config('role', 'leadline_app', true), set_config('app.tenant_id', p_tenant::text, true);

  IF cardinality(p_msg_phones) > 0 THEN
    WITH up AS (
      INSERT INTO contacts (tenant_id, phone, name, last_inbound_at, referral)
      SELECT p_tenant, t.phone, t.name, t.at, t.referral::jsonb
      FROM unnest(p_phones, p_names, p_contact_ats, p_referrals) AS t(phone, name, at, referral)
      ORDER BY t.phone
      ON CONFLICT (tenant_id, phone) DO UPDATE SET
        last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
        name = COALESCE(contacts.name, EXCLUDED.name),
        referral = COALESCE(EXCLUDED.referral, contacts.referral)
      -- xmax = 0: inserted by this statement (an updated row carries this transaction's id).
      RETURNING id, phone, xmax = 0 AS fresh
    )
    SELECT array_agg(up.id), array_agg(up.phone), array_agg(up.fresh)
      INTO v_contact_ids, v_contact_phones, v_contact_fresh FROM up;

    RETURN QUERY
    WITH contact AS (
      SELECT * FROM unnest(v_contact_phones, v_contact_ids, v_contact_fresh) AS c(phone, id, fresh)
    ), input AS (
      SELECT t.*, c.id AS contact_id, c.fresh
      FROM unnest(p_msg_phones, p_msg_channels, p_msg_ats, p_msg_types, p_msg_bodies, p_msg_pmids,
                  p_msg_payloads, p_msg_dedupe_keys, p_msg_texts, p_msg_controls, p_msg_media_kinds,
                  p_msg_media_mimes, p_msg_media_filenames)
             WITH ORDINALITY AS t(phone, channel_id, at, type, body, pmid, payload, dedupe_key, text, control,
                                  media_kind, media_mime, media_filename, ord)
      JOIN contact c ON c.phone = t.phone
    ), pairs AS (
      SELECT i.contact_id, i.channel_id, bool_and(i.fresh) AS fresh, max(i.at) AS at
      FROM input i GROUP BY i.contact_id, i.channel_id
    ), open AS (
      -- The latest open conversation of each (contact, channel), probed by the contact's index; none
      -- to look for when this call created the contact.
      SELECT o.id, p.contact_id, p.channel_id, p.at
      FROM pairs p CROSS JOIN LATERAL (
        SELECT c.id FROM conversations c
        WHERE c.contact_id = p.contact_id AND c.channel_id = p.channel_id AND c.status <> 'closed'
        ORDER BY c.created_at DESC
        LIMIT 1
      ) o
      WHERE NOT p.fresh
    ), touched AS (
      UPDATE conversations c SET last_message_at = open.at, updated_at = now()
      FROM open WHERE c.id = open.id
      RETURNING c.id, c.contact_id, c.channel_id, c.assigned_user_id
    ), created AS (
      INSERT INTO conversations (tenant_id, contact_id, channel_id, last_message_at)
      SELECT p_tenant, p.contact_id, p.channel_id, p.at FROM pairs p
      WHERE NOT EXISTS (SELECT 1 FROM open o WHERE o.contact_id = p.contact_id AND o.channel_id = p.channel_id)
      RETURNING id, contact_id, channel_id, assigned_user_id
    ), conv AS (
      SELECT * FROM touched UNION ALL SELECT * FROM created
    ), inserted AS (
      INSERT INTO messages (tenant_id, conversation_id, contact_id, channel_id, direction, type, body,
                            provider_message_id, status, created_at)
      SELECT p_tenant, conv.id, i.contact_id, i.channel_id, 'in', i.type, i.body::jsonb, i.pmid, 'received',
             clock_timestamp()
      FROM input i JOIN conv ON conv.contact_id = i.contact_id AND conv.channel_id = i.channel_id
      ORDER BY i.ord
      ON CONFLICT (channel_id, provider_message_id) DO NOTHING
      RETURNING id, channel_id, provider_message_id
    ), events AS (
      -- An opt-in/out keyword is a `control` event (the contact processor applies it), not an inbound one.
      INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
      SELECT p_tenant, i.contact_id, CASE WHEN i.control IS NULL THEN 'inbound' ELSE 'control' END,
             CASE WHEN i.control IS NULL THEN i.payload::jsonb ELSE jsonb_build_object('action', i.control) END,
             i.dedupe_key, i.at
      FROM input i JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
      ORDER BY i.ord
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
    ), media AS (
      -- The files are fetched later by the inbound-media job (inbound-media.ts), never in here.
      INSERT INTO message_media (tenant_id, contact_id, message_id, kind, mime_type, filename)
      SELECT p_tenant, i.contact_id, m.id, i.media_kind, i.media_mime, i.media_filename
      FROM input i JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
      WHERE i.media_kind IS NOT NULL
    ), control AS (
      -- A contact's keywords in the batch's order: the last one decides the state ("STOP" then
      -- "START" ends opted in), each kind's last one its time; as one update per contact (a statement
      -- changes a row once). An edit of the contact, so updated_at moves.
      SELECT i.contact_id,
             (array_agg(i.control ORDER BY i.ord DESC))[1] AS last_action,
             (array_agg(i.at ORDER BY i.ord DESC) FILTER (WHERE i.control = 'opt_out'))[1] AS out_at,
             (array_agg(i.at ORDER BY i.ord DESC) FILTER (WHERE i.control = 'opt_in'))[1] AS in_at
      FROM input i JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
      WHERE i.control IS NOT NULL
      GROUP BY i.contact_id
    ), controlled AS (
      UPDATE contacts k SET
        opt_in_state = CASE c.last_action WHEN 'opt_out' THEN 'opted_out' ELSE 'opted_in' END::opt_in_state,
        opted_out_at = COALESCE(c.out_at, k.opted_out_at),
        opted_in_at = COALESCE(c.in_at, k.opted_in_at),
        updated_at = now()
      FROM control c WHERE v_controls AND k.id = c.contact_id
    ), notices AS (
      -- notifyCustomerReplied: a customer wrote in a conversation someone is assigned to.
      INSERT INTO notification_events (tenant_id, type, contact_id, conversation_id, payload, occurred_at)
      SELECT p_tenant, 'customer.replied', i.contact_id, conv.id,
             jsonb_build_object(
               'contact', (SELECT jsonb_build_object('name', k.name, 'phone', k.phone) FROM contacts k WHERE k.id = i.contact_id),
               'text', i.text, 'recipientUserId', conv.assigned_user_id::text),
             i.at
      FROM input i JOIN conv ON conv.contact_id = i.contact_id AND conv.channel_id = i.channel_id
      JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
      WHERE conv.assigned_user_id IS NOT NULL AND i.control IS NULL
      ORDER BY i.ord
    )
    SELECT 'message'::text, i.ord::int, i.contact_id, conv.id, m.id
    FROM input i JOIN conv ON conv.contact_id = i.contact_id AND conv.channel_id = i.channel_id
    LEFT JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid;
  END IF;

  IF cardinality(p_st_channels) > 0 THEN
    -- The statuses, one message at a time. Each statement below takes scalar values (an array's
    -- element, not the array) and names ONE message by a key, so every plan of it, custom or
    -- generic, is a probe of that key's unique index with the same cost: PL/pgSQL keeps the generic
    -- plan after five calls. The set-based form before took the arrays, whose length a generic plan
    -- does not know (it assumes 10 rows): that plan looked dearer than a custom one for the usual 1-2
    -- statuses, so the statement was planned again at every call (issue 21, ninth round: plans/call
    -- 1.00, 0.38 ms of planning against 0.16 ms of execution), and forced, it read 455 blocks a call.
    --
    -- First the lookups, which lock nothing: each message by its provider id (the
    -- (channel_id, provider_message_id) key) or, when not found, by our own id echoed back (a send
    -- whose answer was lost; the primary key), as before. The channel is in both, and row-level
    -- security hides other tenants' messages: a status never reaches another channel's or tenant's.
    v_targets := array_fill(NULL::uuid, ARRAY[cardinality(p_st_channels)]);
    FOR v_i IN 1 .. cardinality(p_st_channels) LOOP
      v_channel := p_st_channels[v_i];
      v_pmid := p_st_pmids[v_i];
      v_callback := p_st_callbacks[v_i];
      SELECT x.id INTO v_target FROM messages x WHERE x.channel_id = v_channel AND x.provider_message_id = v_pmid;
      IF v_target IS NULL AND v_callback IS NOT NULL THEN
        SELECT x.id INTO v_target FROM messages x WHERE x.id = v_callback AND x.channel_id = v_channel;
      END IF;
      v_targets[v_i] := v_target;
    END LOOP;
    -- Then the updates, in the messages' id order: the same order in every transaction, so two API
    -- processes applying statuses of the same messages (listed in different orders by their batches)
    -- lock them in one order and neither can hold a row the other waits for while waiting for one
    -- the other holds (a deadlock, which failed both batches: ingest-status-order.int-spec.ts). An
    -- unknown message (no target) gets no row: the caller answers unknown_message.
    FOR v_i IN
      SELECT t.i FROM unnest(v_targets) WITH ORDINALITY AS t(id, i) WHERE t.id IS NOT NULL ORDER BY t.id, t.i
    LOOP
      v_target := v_targets[v_i];
      v_pmid := p_st_pmids[v_i];
      v_status := p_st_statuses[v_i];
      v_rank := p_st_ranks[v_i];
      v_sent := p_st_sent[v_i];
      v_delivered := p_st_delivered[v_i];
      v_read := p_st_read[v_i];
      v_error_code := p_st_error_codes[v_i];
      v_error_message := p_st_error_messages[v_i];
      -- Monotonic: a status only moves forward (sent < delivered < read), `failed` stays; a time once
      -- known is kept.
      UPDATE messages m SET
        provider_message_id = COALESCE(m.provider_message_id, v_pmid),
        status = CASE
          WHEN m.status <> 'failed'
           AND (CASE m.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 0 END) < v_rank
          THEN v_status::message_status ELSE m.status END,
        sent_at = COALESCE(v_sent, m.sent_at),
        delivered_at = COALESCE(v_delivered, m.delivered_at, v_read),
        read_at = COALESCE(v_read, m.read_at),
        error_code = COALESCE(v_error_code, m.error_code),
        error_message = CASE WHEN v_error_code IS NULL THEN m.error_message ELSE v_error_message END,
        updated_at = now()
      WHERE m.id = v_target
      RETURNING m.contact_id, m.conversation_id INTO v_st_contact, v_st_conversation;
      CONTINUE WHEN NOT FOUND;
      kind := 'status';
      ord := v_i;
      contact_id := v_st_contact;
      conversation_id := v_st_conversation;
      message_id := NULL;
      RETURN NEXT;
    END LOOP;
  END IF;
  RETURN;
END
$$;
