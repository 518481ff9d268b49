-- The new column's statistics now, not at the next autovacuum: without them the planner guesses thousands of disputed
-- cases and walks a unit's cases by date for 仅管辖争议 instead of taking cases_disputed_idx (one column: a sample).
ANALYZE "cases" ("jurisdiction_dispute");
