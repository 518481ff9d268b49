-- Issue 15 §1 (reads at 1,000,000 cases): each list answers from an index in proportion to its page.
-- Additive: indexes and an extension (pg_trgm ships with PostgreSQL's contrib package); no data changes.

-- 案件查询 q: a respondent-name part (LIKE '%x%') from a trigram index instead of scanning every case.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS "cases_respondent_name_trgm_idx" ON "cases" USING gin ("respondent_name" gin_trgm_ops);

-- 案件查询 q: a case-number prefix (LIKE 'x%'): the unique b-tree on case_no uses the database collation, which LIKE
-- cannot range-scan; text_pattern_ops can.
CREATE INDEX IF NOT EXISTS "cases_case_no_pattern_idx" ON "cases" ("case_no" text_pattern_ops);

-- 待办 / 待分派 / 待回访 (nearest open deadline first): walk the open clocks in due order and stop once the page is
-- full, instead of probing every matching case's clocks.
CREATE INDEX IF NOT EXISTS "deadlines_open_due_idx" ON "deadlines" ("due_at", "id") INCLUDE ("case_id") WHERE "met_at" IS NULL AND "state" IN ('running', 'overdue');

-- 待办 (a unit's open cases by nearest deadline): the unit's cases with their order keys from the index alone — the
-- heap visit per case was ~6,000 pages for a county's inbox.
CREATE INDEX IF NOT EXISTS "cases_unit_status_cover_idx" ON "cases" ("assigned_unit_id", "status") INCLUDE ("received_at", "case_no", "id");
