-- fangxin:online
-- The cases with an open 管辖争议 (案件查询's 仅管辖争议, GET /cases?disputed=true): few at any time, so a partial index
-- finds them without reading a unit's cases; a registration (no dispute) never writes to it.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "cases_disputed_idx" ON "cases" ("assigned_unit_id", "received_at" DESC) WHERE "jurisdiction_dispute" IS NOT NULL;
