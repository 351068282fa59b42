-- Internal notes on a contact: written by the team, never sent to the contact.
CREATE TABLE "contact_notes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "author_user_id" UUID,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_notes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "contact_notes_tenant_id_contact_id_created_at_idx" ON "contact_notes"("tenant_id", "contact_id", "created_at" DESC);
ALTER TABLE "contact_notes" ADD CONSTRAINT "contact_notes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_notes" ADD CONSTRAINT "contact_notes_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contact_notes" ADD CONSTRAINT "contact_notes_author_user_id_fkey" FOREIGN KEY ("author_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON "contact_notes" TO "leadline_app";

ALTER TABLE "contact_notes" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "contact_notes" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "contact_notes"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
