-- The inbox: who read a conversation up to when (unread counts per person), internal notes (never
-- sent), and the files customers send (downloaded from the provider by a queue job, kept here).

CREATE TABLE "conversation_reads" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "read_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "conversation_reads_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "conversation_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "author_user_id" UUID,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_notes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "message_media" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "message_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "kind" TEXT NOT NULL,
    "mime_type" TEXT,
    "filename" TEXT,
    "size_bytes" INTEGER,
    "content" BYTEA,
    "storage_key" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stored_at" TIMESTAMPTZ(6),

    CONSTRAINT "message_media_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "conversation_reads_tenant_id_idx" ON "conversation_reads"("tenant_id");
CREATE INDEX "conversation_reads_user_id_idx" ON "conversation_reads"("user_id");
CREATE UNIQUE INDEX "conversation_reads_conversation_id_user_id_key" ON "conversation_reads"("conversation_id", "user_id");
CREATE INDEX "conversation_notes_tenant_id_idx" ON "conversation_notes"("tenant_id");
CREATE INDEX "conversation_notes_conversation_id_created_at_idx" ON "conversation_notes"("conversation_id", "created_at");
CREATE INDEX "conversation_notes_contact_id_idx" ON "conversation_notes"("contact_id");
CREATE INDEX "conversation_notes_author_user_id_idx" ON "conversation_notes"("author_user_id");
CREATE INDEX "message_media_tenant_id_idx" ON "message_media"("tenant_id");
CREATE UNIQUE INDEX "message_media_message_id_key" ON "message_media"("message_id");
CREATE INDEX "message_media_contact_id_idx" ON "message_media"("contact_id");
-- The download job's scan for files still to fetch: only pending rows, a small moving set.
CREATE INDEX "message_media_pending_idx" ON "message_media"("created_at") WHERE status = 'pending';

ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_reads" ADD CONSTRAINT "conversation_reads_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "conversation_notes" ADD CONSTRAINT "conversation_notes_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "message_media" ADD CONSTRAINT "message_media_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "message_media" ADD CONSTRAINT "message_media_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "message_media" ADD CONSTRAINT "message_media_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON "conversation_reads", "conversation_notes", "message_media" TO "leadline_app";

ALTER TABLE "conversation_reads" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "conversation_reads" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "conversation_reads"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "conversation_notes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "conversation_notes" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "conversation_notes"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "message_media" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "message_media" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "message_media"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
