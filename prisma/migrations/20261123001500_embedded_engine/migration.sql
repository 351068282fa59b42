-- The embedded engine: a per-contact inbox of events (applied one at a time, in order), a
-- transactional outbox of effects (published to BullMQ after commit, and again after a crash), and
-- the durable record of run timers (re-armed into BullMQ at start-up).

-- AlterTable
ALTER TABLE "messages" ADD COLUMN "send_attempted_at" TIMESTAMPTZ(6);

-- CreateTable
CREATE TABLE "contact_events" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupe_key" TEXT,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(6),

    CONSTRAINT "contact_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMPTZ(6),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_timers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "timer_id" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ(6) NOT NULL,
    "fired_at" TIMESTAMPTZ(6),
    "cancelled_at" TIMESTAMPTZ(6),

    CONSTRAINT "run_timers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "contact_events_contact_id_processed_at_idx" ON "contact_events"("contact_id", "processed_at");

-- CreateIndex
CREATE INDEX "contact_events_tenant_id_idx" ON "contact_events"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "contact_events_tenant_id_dedupe_key_key" ON "contact_events"("tenant_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_published_at_idx" ON "outbox"("published_at");

-- CreateIndex
CREATE INDEX "outbox_tenant_id_idx" ON "outbox"("tenant_id");

-- CreateIndex
CREATE INDEX "run_timers_due_at_idx" ON "run_timers"("due_at");

-- CreateIndex
CREATE INDEX "run_timers_tenant_id_idx" ON "run_timers"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "run_timers_run_id_timer_id_key" ON "run_timers"("run_id", "timer_id");

-- AddForeignKey
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contact_events" ADD CONSTRAINT "contact_events_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_timers" ADD CONSTRAINT "run_timers_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_timers" ADD CONSTRAINT "run_timers_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "flow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_timers" ADD CONSTRAINT "run_timers_contact_id_fkey" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tenant-scoped work runs as leadline_app: it needs the new tables and their sequences.
GRANT SELECT, INSERT, UPDATE, DELETE ON "contact_events", "outbox", "run_timers" TO "leadline_app";
GRANT USAGE, SELECT ON SEQUENCE "contact_events_id_seq", "outbox_id_seq" TO "leadline_app";

ALTER TABLE "contact_events" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "contact_events" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "contact_events"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "outbox" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "outbox" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "outbox"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE "run_timers" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "run_timers" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "run_timers"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
