-- Issue 15 §1 (reads at 1,000,000 cases): 案件查询 newest first (ORDER BY received_at DESC, case_no DESC) from the
-- index alone. cases_received_at_idx (received_at) gave the order of its first key only (an incremental sort on
-- case_no) and a heap visit per case walked: a deep page (page 200: OFFSET 3,980) visited ~4,000 heap pages, 3–4 ms
-- of PostgreSQL CPU per request, ~1 ms with this index. Replaced, under the same name, by the full order with the
-- page's id carried along.
DROP INDEX IF EXISTS "cases_received_at_idx";
CREATE INDEX "cases_received_at_idx" ON "cases" ("received_at", "case_no") INCLUDE ("id");

-- The q search's walk over one year's case numbers newest first (cases_case_no_year_received_idx, migration
-- 20261208020000) must stay cheaper than walking the index above and filtering on case_no, which the planner now
-- could do without the heap: last year's 6-digit prefix walked ~490,000 entries (1.5 → 60 ms of PostgreSQL CPU)
-- until that index carried the id as well. Made here with the id (this migration may run before or after
-- 20261208020000, whose CREATE INDEX IF NOT EXISTS then keeps this one).
DROP INDEX IF EXISTS "cases_case_no_year_received_idx";
CREATE INDEX "cases_case_no_year_received_idx" ON "cases" (left("case_no", 4), "received_at" DESC, "case_no" DESC) INCLUDE ("id");
