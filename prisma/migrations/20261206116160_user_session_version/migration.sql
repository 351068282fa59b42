-- Access tokens carry the session version they were issued under (claim "sv"); signing out, changing
-- the password or a detected refresh-token theft increments it, so access tokens issued before stop
-- working at once instead of living out their 15 minutes. The API already reads the user row on
-- every request (for the current role): checking this column costs nothing more.
ALTER TABLE "users" ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
