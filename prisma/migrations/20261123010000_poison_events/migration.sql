-- An event that fails to apply again and again is set aside (failed_at) with its error, so it cannot
-- block the contact's later events forever; it stays in the table for inspection and replay.

-- AlterTable
ALTER TABLE "contact_events" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "last_error" TEXT,
ADD COLUMN "failed_at" TIMESTAMPTZ(6);
