-- fangxin:online
-- The overdue cases of a unit by status, index-only: the inbox's load (GET /cases/load) and 仅超期 counted them by
-- reading each open case's row for its overdue flag (~7 ms of the database for a county's 7,500 open cases). Few
-- cases are overdue, so the index is small and a registration (overdue false) never writes to it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "cases_overdue_unit_status_idx" ON "cases" ("assigned_unit_id", "status") WHERE "overdue";
