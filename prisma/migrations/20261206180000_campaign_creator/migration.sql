-- Who created a campaign: they hear when it finishes (notifications, campaign.finished).
ALTER TABLE "campaigns" ADD COLUMN "created_by_user_id" UUID;
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_user_id_fkey" FOREIGN KEY ("created_by_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
