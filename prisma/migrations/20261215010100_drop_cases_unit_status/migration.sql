-- fangxin:online
-- Replaced by cases_unit_status_type_idx (the same key, with the type): dropped without holding the table's writes.
DROP INDEX CONCURRENTLY IF EXISTS "cases_assigned_unit_id_status_idx";
