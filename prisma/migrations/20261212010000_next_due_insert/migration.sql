-- cases.next_due_at kept by the clocks' triggers at less cost per write (issue 15 §1; docs/benchmarks.md).
--
-- A new clock can only bring a case's earliest open clock forward, so an insert compares the new open clocks with
-- next_due_at (a key lookup per case) instead of recomputing it from all the case's clocks; a registration writes
-- next_due_at with the case, and its clocks then change nothing.
CREATE OR REPLACE FUNCTION "deadlines_next_due_ins"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE cases c SET next_due_at = n.due
  FROM (SELECT case_id, min(due_at) AS due FROM new_rows
        WHERE case_id IS NOT NULL AND met_at IS NULL AND state IN ('running', 'overdue') GROUP BY case_id) n
  WHERE c.id = n.case_id AND (c.next_due_at IS NULL OR n.due < c.next_due_at);
  RETURN NULL;
END $$;
