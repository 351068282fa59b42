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
--    first"; an incoming message is not an edit of the contact): in ll_ingest_tenant_batch, which the
--    next migration (20261208020000_ingest_media_keywords) re-creates.
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

-- Only the contacts whose time really moved (a late webhook's upsert leaves it, and writes nothing
-- here). An upsert, not an update: a contact whose row is missing (restored with triggers disabled,
-- e.g. `pg_restore --disable-triggers`) gets it back at its next message instead of staying out of
-- the "last message" sort for good.
CREATE FUNCTION ll_contact_activity_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_activity (contact_id, tenant_id, last_inbound_at)
  SELECT n.id, n.tenant_id, n.last_inbound_at
  FROM new_contacts n JOIN old_contacts o ON o.id = n.id
  WHERE n.last_inbound_at IS DISTINCT FROM o.last_inbound_at
  ON CONFLICT (contact_id) DO UPDATE SET last_inbound_at = EXCLUDED.last_inbound_at;
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
