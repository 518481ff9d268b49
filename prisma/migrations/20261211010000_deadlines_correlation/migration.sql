-- Issue 15 §3, the request id followed into the worker's jobs: the request id of the command that set each clock's
-- current version (its creation or a re-projection), and that version. The relay arms a clock's near rungs at once,
-- from the outbox row that carries the id; the horizon sweep arms the others days later from this row, and now gives
-- their jobs the same id when the version is still the one it was taken at. Nullable, additive: no rewrite.
ALTER TABLE "deadlines" ADD COLUMN IF NOT EXISTS "correlation_id" text, ADD COLUMN IF NOT EXISTS "correlation_version" int;
