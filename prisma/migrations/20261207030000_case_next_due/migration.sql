-- Issue 15 §1 (reads at 1,000,000 cases): the lists in nearest-deadline order (待办, 待分派, 待回访) read their page
-- from an index instead of aggregating every open clock of the city per request. cases.next_due_at is the earliest
-- open clock of the case (met_at IS NULL AND state IN ('running', 'overdue'): the list's definition of "open"), null
-- when it has none.
--
-- Kept exact by a statement trigger on deadlines, not by ClockRows alone: clocks are also written by database
-- triggers (supervision-reply clocks, 20261205010100; ODR windows, 20261205090100) and by the registration and firing
-- statements' CTE fragments. The trigger only writes a case whose value changes, so an overdue rung (due_at and
-- openness unchanged) neither writes nor locks the case row.

ALTER TABLE "cases" ADD COLUMN "next_due_at" TIMESTAMPTZ(3);

-- The earliest open clock of each given case written into cases.next_due_at where it differs.
CREATE FUNCTION "cases_refresh_next_due"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE cases c SET next_due_at = n.due
  FROM (SELECT i.id, (SELECT min(d.due_at) FROM deadlines d
                      WHERE d.case_id = i.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue')) AS due
        FROM (SELECT DISTINCT unnest(ids) AS id) i) n
  WHERE c.id = n.id AND c.next_due_at IS DISTINCT FROM n.due
$$;

CREATE FUNCTION "deadlines_next_due_ins"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cases_refresh_next_due(ARRAY(SELECT case_id FROM new_rows WHERE case_id IS NOT NULL));
  RETURN NULL;
END $$;
CREATE FUNCTION "deadlines_next_due_upd"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose openness, due instant or case changed (a rung turning a clock overdue changes none of them).
  PERFORM cases_refresh_next_due(ARRAY(
    SELECT x.case_id FROM old_rows o JOIN new_rows n ON n.id = o.id, LATERAL (VALUES (o.case_id), (n.case_id)) x(case_id)
    WHERE x.case_id IS NOT NULL AND (o.due_at, o.met_at, o.case_id, o.state IN ('running', 'overdue'))
      IS DISTINCT FROM (n.due_at, n.met_at, n.case_id, n.state IN ('running', 'overdue'))));
  RETURN NULL;
END $$;
CREATE FUNCTION "deadlines_next_due_del"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cases_refresh_next_due(ARRAY(SELECT case_id FROM old_rows WHERE case_id IS NOT NULL));
  RETURN NULL;
END $$;
CREATE TRIGGER "deadlines_next_due_ins" AFTER INSERT ON "deadlines" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deadlines_next_due_ins();
CREATE TRIGGER "deadlines_next_due_upd" AFTER UPDATE ON "deadlines" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deadlines_next_due_upd();
CREATE TRIGGER "deadlines_next_due_del" AFTER DELETE ON "deadlines" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION deadlines_next_due_del();

-- Backfill: only cases with an open clock get a value (the rest stay null).
UPDATE cases c SET next_due_at = d.due
FROM (SELECT case_id, min(due_at) AS due FROM deadlines WHERE met_at IS NULL AND state IN ('running', 'overdue') AND case_id IS NOT NULL GROUP BY case_id) d
WHERE c.id = d.case_id;

-- The cases with an open clock, in list order, per assigned unit (待办) and per status (待分派, 待回访); small (one
-- entry per case with an open clock, ~30,000 of 1,000,000). The cases without one come after them, newest first,
-- from the existing indexes.
CREATE INDEX "cases_unit_next_due_idx" ON "cases" ("assigned_unit_id", "next_due_at", "received_at" DESC, "case_no" DESC)
  INCLUDE ("status", "id") WHERE "next_due_at" IS NOT NULL;
CREATE INDEX "cases_status_next_due_idx" ON "cases" ("status", "next_due_at", "received_at" DESC, "case_no" DESC)
  INCLUDE ("assigned_unit_id", "id") WHERE "next_due_at" IS NOT NULL;

-- 待分派: the pool's capped count (10,000 cases in the bench) from its own small index instead of skipping through
-- every unit's entries of cases_assigned_unit_id_status_idx (851 buffers per request).
CREATE INDEX "cases_pending_dispatch_idx" ON "cases" ("id") WHERE "status" = 'pendingDispatch';

-- The planner needs the new column's statistics to choose the indexes above.
ANALYZE cases;
