-- Issue 21, fifth round (docs/performance.md, "Issue 21, fifth round: the contact's window off the
-- contacts row's indexes"): every inbound message upserts its contact. That update moved
-- last_inbound_at and updated_at, both keys of contacts indexes (the contacts table's "last message"
-- sort, the pipeline board), so it was never HOT and wrote an entry into all 9 indexes of contacts,
-- 3 of them GIN. Now:
--  * contacts.last_inbound_at stays the contact's exact last inbound time (the 24-hour window reads
--    it, as before) but is no longer indexed on contacts;
--  * the "last message" sort reads contact_activity, a narrow copy (contact, tenant, time) with the
--    sort's index, kept equal to contacts.last_inbound_at by the triggers below, so every writer of
--    contacts (webhook ingest, API, imports, seeds) keeps it right without knowing it exists;
--  * the inbound upsert no longer bumps updated_at (the board's order: "the most recently moved
--    first"; an incoming message is not an edit of the contact).
-- The inbound upsert of an existing contact then changes no indexed column of contacts (a HOT update,
-- no index entry) plus one update of contact_activity (2 index entries) instead of 9 entries.

CREATE TABLE "contact_activity" (
    "contact_id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "last_inbound_at" TIMESTAMPTZ(6),

    CONSTRAINT "contact_activity_pkey" PRIMARY KEY ("contact_id")
);
-- The contacts table's "last message" sort, both directions (contacts who never wrote last when newest first).
CREATE INDEX "contact_activity_tenant_id_last_inbound_at_contact_id_idx" ON "contact_activity"("tenant_id", "last_inbound_at" DESC NULLS LAST, "contact_id" DESC);
ALTER TABLE "contact_activity" ADD CONSTRAINT "contact_activity_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_activity" ADD CONSTRAINT "contact_activity_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON "contact_activity" TO "leadline_app";
ALTER TABLE "contact_activity" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "contact_activity" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "contact_activity"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

-- One row per contact, those who never wrote included (their time null: the sort's NULLS LAST end),
-- so the sort is one scan of this table's index. Statement-level triggers with transition tables:
-- a batch's contacts (the webhook group commit upserts a batch's contacts in one statement) are
-- copied by one set-based statement, not one function call per row. Not SECURITY DEFINER: they
-- write as the writer of the contacts, under the same tenant scope, so row-level security checks
-- these rows too.
CREATE FUNCTION ll_contact_activity_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_activity (contact_id, tenant_id, last_inbound_at)
  SELECT n.id, n.tenant_id, n.last_inbound_at FROM new_contacts n;
  RETURN NULL;
END
$$;

-- Only the contacts whose time really moved (a late webhook's upsert leaves it, and writes nothing here).
CREATE FUNCTION ll_contact_activity_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contact_activity a SET last_inbound_at = n.last_inbound_at
  FROM new_contacts n JOIN old_contacts o ON o.id = n.id
  WHERE a.contact_id = n.id AND n.last_inbound_at IS DISTINCT FROM o.last_inbound_at;
  RETURN NULL;
END
$$;

CREATE TRIGGER "contacts_activity_insert" AFTER INSERT ON "contacts"
  REFERENCING NEW TABLE AS new_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION ll_contact_activity_inserted();
CREATE TRIGGER "contacts_activity_update" AFTER UPDATE ON "contacts"
  REFERENCING OLD TABLE AS old_contacts NEW TABLE AS new_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION ll_contact_activity_updated();

-- The existing contacts (as the other backfills, run by the migrating superuser).
INSERT INTO "contact_activity" ("contact_id", "tenant_id", "last_inbound_at")
SELECT "id", "tenant_id", "last_inbound_at" FROM "contacts"
ON CONFLICT ("contact_id") DO NOTHING;

DROP INDEX IF EXISTS "contacts_tenant_id_last_inbound_at_id_idx";

-- Room on each page for the inbound update's new version (HOT needs it on the same page; at the
-- default fillfactor of 100 a full page has none). Applies to pages written from now on.
ALTER TABLE "contacts" SET (fillfactor = 90);

-- The webhook group commit's function, its contact upsert without `updated_at = now()` (see the top);
-- everything else as in 20261207010000_ingest_tenant_batch.
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
  p_st_error_codes text[], p_st_error_messages text[]
) RETURNS TABLE (kind text, ord int, contact_id uuid, conversation_id uuid, message_id uuid)
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_contact_ids uuid[];
  v_contact_phones text[];
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
      RETURNING id, phone
    )
    SELECT array_agg(up.id), array_agg(up.phone) INTO v_contact_ids, v_contact_phones FROM up;

    RETURN QUERY
    WITH contact AS (
      SELECT * FROM unnest(v_contact_phones, v_contact_ids) AS c(phone, id)
    ), input AS (
      SELECT t.*, c.id AS contact_id
      FROM unnest(p_msg_phones, p_msg_channels, p_msg_ats, p_msg_types, p_msg_bodies, p_msg_pmids,
                  p_msg_payloads, p_msg_dedupe_keys, p_msg_texts)
             WITH ORDINALITY AS t(phone, channel_id, at, type, body, pmid, payload, dedupe_key, text, ord)
      JOIN contact c ON c.phone = t.phone
    ), pairs AS (
      SELECT i.contact_id, i.channel_id, max(i.at) AS at FROM input i GROUP BY i.contact_id, i.channel_id
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
      INSERT INTO contact_events (tenant_id, contact_id, kind, payload, dedupe_key, occurred_at)
      SELECT p_tenant, i.contact_id, 'inbound', i.payload::jsonb, i.dedupe_key, i.at
      FROM input i JOIN inserted m ON m.channel_id = i.channel_id AND m.provider_message_id = i.pmid
      ORDER BY i.ord
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
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
      WHERE conv.assigned_user_id IS NOT NULL
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
      SELECT DISTINCT ON (i.ord) i.*, m.id AS message_id
      FROM input i JOIN messages m
        ON m.channel_id = i.channel_id AND (m.provider_message_id = i.pmid OR m.id = i.cb)
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
