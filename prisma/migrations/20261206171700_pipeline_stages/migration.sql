-- Pipeline stages as real data: per workspace, ordered, coloured, optionally starting a flow when a
-- contact is moved into them; a contact's stage is a foreign key; every change is recorded.
-- Also the indexes the contacts table needs to stay fast at 100,000 contacts (sort, filter, search).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE "pipeline_stages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "color" TEXT NOT NULL DEFAULT '#64748b',
    "start_flow_key" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pipeline_stages_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "pipeline_stages_tenant_id_name_key" ON "pipeline_stages"("tenant_id", "name");
CREATE INDEX "pipeline_stages_tenant_id_position_idx" ON "pipeline_stages"("tenant_id", "position");
ALTER TABLE "pipeline_stages" ADD CONSTRAINT "pipeline_stages_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "contact_stage_changes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "from_stage_id" UUID,
    "to_stage_id" UUID,
    -- The names at the time: the history stays readable after a stage is renamed or deleted.
    "from_name" TEXT,
    "to_name" TEXT,
    -- 'person' (the board or the contact page), 'api' (an API key), 'flow' (a crm step).
    "source" TEXT NOT NULL,
    "actor_user_id" UUID,
    "actor_api_key_id" UUID,
    "run_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_stage_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "contact_stage_changes_tenant_id_contact_id_created_at_idx" ON "contact_stage_changes"("tenant_id", "contact_id", "created_at" DESC);
ALTER TABLE "contact_stage_changes" ADD CONSTRAINT "contact_stage_changes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_stage_changes" ADD CONSTRAINT "contact_stage_changes_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_stage_changes" ADD CONSTRAINT "contact_stage_changes_from_stage_id_fkey" FOREIGN KEY ("from_stage_id") REFERENCES "pipeline_stages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "contact_stage_changes" ADD CONSTRAINT "contact_stage_changes_to_stage_id_fkey" FOREIGN KEY ("to_stage_id") REFERENCES "pipeline_stages"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "contact_stage_changes" ADD CONSTRAINT "contact_stage_changes_actor_user_id_fkey" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "contacts" ADD COLUMN "stage_id" UUID;
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_stage_id_fkey" FOREIGN KEY ("stage_id") REFERENCES "pipeline_stages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The contacts table: keyset pages in each sort order, the board's columns, tag and text search.
CREATE INDEX "contacts_tenant_id_created_at_id_idx" ON "contacts"("tenant_id", "created_at" DESC, "id" DESC);
CREATE INDEX "contacts_tenant_id_last_inbound_at_id_idx" ON "contacts"("tenant_id", "last_inbound_at" DESC NULLS LAST, "id" DESC);
CREATE INDEX "contacts_tenant_id_name_id_idx" ON "contacts"("tenant_id", "name", "id");
CREATE INDEX "contacts_tenant_id_stage_id_updated_at_idx" ON "contacts"("tenant_id", "stage_id", "updated_at" DESC);
CREATE INDEX "contacts_tags_idx" ON "contacts" USING GIN ("tags");
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "contacts_phone_trgm_idx" ON "contacts" USING GIN ("phone" gin_trgm_ops);

-- Free-text stages (fields.stage, written by crm steps until now) become stages of their workspace,
-- one per name ignoring case, in the order they first appeared; the contacts point at them.
INSERT INTO "pipeline_stages" ("tenant_id", "name", "position", "color")
SELECT s."tenant_id", s."name",
       (row_number() OVER (PARTITION BY s."tenant_id" ORDER BY s."first_seen", s."name") - 1)::int,
       (ARRAY['#2563eb', '#7c3aed', '#db2777', '#ea580c', '#16a34a', '#0891b2', '#64748b'])[
         ((row_number() OVER (PARTITION BY s."tenant_id" ORDER BY s."first_seen", s."name") - 1) % 7) + 1]
  FROM (SELECT "tenant_id", min(btrim("fields"->>'stage')) AS "name", min("created_at") AS "first_seen"
          FROM "contacts"
         WHERE jsonb_typeof("fields"->'stage') = 'string' AND btrim("fields"->>'stage') <> ''
         GROUP BY "tenant_id", lower(btrim("fields"->>'stage'))) s;

UPDATE "contacts" c
   SET "stage_id" = p."id", "fields" = c."fields" - 'stage'
  FROM "pipeline_stages" p
 WHERE p."tenant_id" = c."tenant_id"
   AND jsonb_typeof(c."fields"->'stage') = 'string'
   AND lower(p."name") = lower(btrim(c."fields"->>'stage'));

GRANT SELECT, INSERT, UPDATE, DELETE ON "pipeline_stages", "contact_stage_changes" TO "leadline_app";

ALTER TABLE "pipeline_stages" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "pipeline_stages" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "pipeline_stages"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "contact_stage_changes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "contact_stage_changes" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "contact_stage_changes"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
