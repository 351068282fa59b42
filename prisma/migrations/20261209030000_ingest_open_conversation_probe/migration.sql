-- Issue 21, eighth round: ll_ingest_tenant_batch finds a message's open conversation without
-- reading the tenant's conversations. Same signature and results as 20261208020000_ingest_media_keywords
-- (replaced in place); two changes, both in the messages part:
--  * the contacts upsert returns which contacts it INSERTED (xmax = 0: a row this statement created,
--    not one it updated on conflict). Such a contact has no conversation: its row was not visible to
--    any other transaction until this one commits, and a conversation's contact_id references it. So
--    its conversation is created without a lookup (a campaign's first replies: every contact new);
--  * any other contact's open conversation is probed per (contact, channel) through
--    conversations_contact_id_idx (a LATERAL subquery with LIMIT 1), instead of one join of the
--    batch's pairs against the table. The planner served that join, on a table growing faster than
--    its statistics, with a bitmap scan of the tenant's WHOLE conversations through the tenant index
--    (the webhook-ingest bench, auto_explain: 8,186 rows, 2.4 ms of a 5.4 ms call, growing with
--    every conversation); test: ingest-conversation-lookup.int-spec.ts counts the rows read.
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
    RETURN QUERY
    WITH input AS (
      SELECT * FROM unnest(p_st_channels, p_st_pmids, p_st_callbacks, p_st_statuses, p_st_ranks, p_st_sent,
                           p_st_delivered, p_st_read, p_st_error_codes, p_st_error_messages)
        WITH ORDINALITY AS t(channel_id, pmid, cb, status, rank, sent_at, delivered_at, read_at,
                             error_code, error_message, ord)
    ), target AS (
      -- The message by its provider id, or by our own id echoed back (a send whose answer was lost),
      -- each looked up by its own index: the (channel_id, provider_message_id) key, the primary key.
      -- One join condition with OR could use neither as a key (the generic plan read every message,
      -- a custom plan the whole provider-id index: issue 21, fifth round).
      SELECT DISTINCT ON (i.ord) i.*, m.id AS message_id
      FROM input i CROSS JOIN LATERAL (
        SELECT x.id, x.provider_message_id FROM messages x
        WHERE x.channel_id = i.channel_id AND x.provider_message_id = i.pmid
        UNION ALL
        SELECT x.id, x.provider_message_id FROM messages x
        WHERE x.id = i.cb AND x.channel_id = i.channel_id
      ) m
      ORDER BY i.ord, (m.provider_message_id IS NOT DISTINCT FROM i.pmid) DESC
    ), updated AS (
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
      RETURNING t.ord, m.contact_id, m.conversation_id
    )
    SELECT 'status'::text, u.ord::int, u.contact_id, u.conversation_id, NULL::uuid FROM updated u;
  END IF;
  RETURN;
END
$$;
