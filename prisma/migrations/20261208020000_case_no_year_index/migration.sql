-- Issue 15 §1 (reads at 1,000,000 cases), 案件查询 q by case-number prefix, newest first. A case number starts with
-- its registration year (CaseRepository.nextCaseNo), so a prefix of 4+ characters lies within one value of
-- left(case_no, 4): walking that value's cases newest first finds a broad prefix's page in a few rows — the
-- received_at index alone walked all of 2026 (~490,000 cases) before reaching a 2025 prefix, and the prefix index
-- alone sorts every match. Additive: an index, no data changes.
CREATE INDEX IF NOT EXISTS "cases_case_no_year_received_idx" ON "cases" (left("case_no", 4), "received_at" DESC, "case_no" DESC);
