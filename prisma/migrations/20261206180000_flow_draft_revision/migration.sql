-- The draft's revision: bumped by every save, so a save made from a stale copy (another tab, another
-- person) is refused with 409 DRAFT_CONFLICT instead of silently overwriting the newer draft.
ALTER TABLE "flows" ADD COLUMN "draft_revision" INTEGER NOT NULL DEFAULT 1;
