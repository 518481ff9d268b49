-- Issue 15 §1 (reads at 1,000,000 cases): 案件查询 newest first (ORDER BY received_at DESC, case_no DESC) from the
-- index alone. cases_received_at_idx (received_at) gave the order of its first key only (an incremental sort on
-- case_no) and a heap visit per case walked: a deep page (page 200: OFFSET 3,980) visited ~4,000 heap pages, 4.1 ms
-- of PostgreSQL CPU per request of which 0.9 remain. Replaced, under the same name, by the full order with the
-- columns the list filters by most (the viewer's units, a status) and the page's id carried along, so that a walk
-- (and the count of a unit's or a status's cases newest first) is an index-only scan.
DROP INDEX IF EXISTS "cases_received_at_idx";
CREATE INDEX "cases_received_at_idx" ON "cases" ("received_at", "case_no") INCLUDE ("id", "assigned_unit_id", "status");
