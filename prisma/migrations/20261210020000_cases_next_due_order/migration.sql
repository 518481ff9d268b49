-- Issue 15 §1 (reads at 1,000,000 cases), 案件查询 nearest deadline first without a unit or status (the operator's
-- list, and every q search in that order): the cases with an open clock came from the per-unit partial index as a
-- bitmap of all ~30,000 of them, sorted for each page (15 ms; 17 ms with a q matching many). This one holds them in
-- list order — a page is the first entries after the cursor — with the id and the respondent's name, so that a q
-- filters them in the index. Small (one entry per case with an open clock, ~3 MB at 30,000). Additive.
CREATE INDEX IF NOT EXISTS "cases_next_due_idx" ON "cases" ("next_due_at", "received_at" DESC, "case_no" DESC)
  INCLUDE ("id", "respondent_name") WHERE "next_due_at" IS NOT NULL;
ANALYZE cases;
