-- Channel onboarding and health: what Meta says about a number (verified name, quality rating,
-- messaging tier), a template's rejection reason, and channel alerts: typed events (a quality drop,
-- a rejected or paused template) that notifications pick up for the workspace's owner.

-- AlterTable
ALTER TABLE "channels" ADD COLUMN "verified_name" TEXT,
ADD COLUMN "quality_rating" TEXT,
ADD COLUMN "messaging_tier" TEXT,
ADD COLUMN "health_updated_at" TIMESTAMPTZ(6);

-- AlterTable
ALTER TABLE "templates" ADD COLUMN "rejection_reason" TEXT;

-- CreateTable
CREATE TABLE "channel_alerts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL,
    "channel_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_at" TIMESTAMPTZ(6),

    CONSTRAINT "channel_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "channel_alerts_tenant_id_occurred_at_idx" ON "channel_alerts"("tenant_id", "occurred_at");

-- CreateIndex
CREATE INDEX "channel_alerts_channel_id_idx" ON "channel_alerts"("channel_id");

-- AddForeignKey
ALTER TABLE "channel_alerts" ADD CONSTRAINT "channel_alerts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_alerts" ADD CONSTRAINT "channel_alerts_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

GRANT SELECT, INSERT, UPDATE, DELETE ON "channel_alerts" TO "leadline_app";

ALTER TABLE "channel_alerts" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "channel_alerts" FORCE ROW LEVEL SECURITY;
CREATE POLICY "tenant_isolation" ON "channel_alerts"
    USING ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK ("tenant_id" = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
