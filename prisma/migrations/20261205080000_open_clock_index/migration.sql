-- Issue 15 §1 (reads at 1,000,000 cases): the case lists sorted by nearest open deadline (待办, 待分派, 待回访) start
-- from the open clocks, which are few (a live clock belongs to an open case), instead of probing every matching case.
-- Additive: a partial index; nothing else changes.
CREATE INDEX IF NOT EXISTS "deadlines_open_case_due_idx" ON "deadlines" ("case_id", "due_at") WHERE "met_at" IS NULL AND "state" IN ('running', 'overdue');
