-- Sign-in lockout (issue 11): consecutive wrong passwords and the instant a lock ends, kept in PostgreSQL so a lock
-- survives restarts and holds across API instances.
ALTER TABLE "users" ADD COLUMN "failed_logins" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "users" ADD COLUMN "locked_until" TIMESTAMPTZ(3);
