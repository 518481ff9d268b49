-- Issue 15 §1, 案件查询 q nearest deadline first: the part with an open clock walked cases_next_due_idx against q and,
-- when few of the ~30,000 open clocks match (last year's case-number prefix: none), passed them all (4 ms a page).
-- These hold the cases with an open clock by case number and by respondent name, so that q's matches among them are
-- read by range (PrismaCaseViews.withClock). Small (one entry per open clock each, ~2 MB at 30,000). Additive.
CREATE INDEX IF NOT EXISTS "cases_next_due_case_no_idx" ON "cases" ("case_no" text_pattern_ops)
  INCLUDE ("next_due_at", "received_at", "id") WHERE "next_due_at" IS NOT NULL;
CREATE INDEX IF NOT EXISTS "cases_next_due_respondent_idx" ON "cases" ("respondent_name")
  INCLUDE ("next_due_at", "received_at", "case_no", "id") WHERE "next_due_at" IS NOT NULL;
ANALYZE cases;
