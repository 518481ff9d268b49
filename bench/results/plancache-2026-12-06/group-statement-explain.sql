-- The registration group's statement under EXPLAIN ANALYZE (explain-triggers.txt): 5 dispatched cases with their
-- clocks, events and hops copied with new ids, inside a rolled-back transaction. Run six times in one psql session
-- (the warm runs are the figures): for i in 1 2 3 4 5 6; do cat group-statement-explain.sql; done | psql -d <clone>
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE m ON COMMIT DROP AS SELECT id AS old, gen_random_uuid() AS new, 'X'||case_no AS newno FROM cases WHERE status = 'dispatched' ORDER BY received_at DESC LIMIT 5;
CREATE TEMP TABLE j ON COMMIT DROP AS SELECT
 (SELECT jsonb_agg(to_jsonb(x) || jsonb_build_object('id', m.new, 'case_no', m.newno)) FROM cases x JOIN m ON m.old = x.id) AS c,
 (SELECT jsonb_agg(to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), 'case_id', m.new)) FROM deadlines x JOIN m ON m.old = x.case_id) AS d,
 (SELECT jsonb_agg(to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), 'case_id', m.new)) FROM case_events x JOIN m ON m.old = x.case_id) AS e,
 (SELECT jsonb_agg(to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), 'case_id', m.new)) FROM case_hops x JOIN m ON m.old = x.case_id) AS h;
SELECT jsonb_array_length(c), jsonb_array_length(d), jsonb_array_length(e), jsonb_array_length(h) FROM j;
EXPLAIN (ANALYZE, BUFFERS off, TIMING on, SUMMARY on)
WITH c AS (INSERT INTO cases SELECT * FROM jsonb_populate_recordset(null::cases, (SELECT c FROM j)) RETURNING 1),
     d AS (INSERT INTO deadlines SELECT * FROM jsonb_populate_recordset(null::deadlines, (SELECT d FROM j)) RETURNING 1),
     e AS (INSERT INTO case_events SELECT * FROM jsonb_populate_recordset(null::case_events, (SELECT e FROM j)) RETURNING 1),
     h AS (INSERT INTO case_hops SELECT * FROM jsonb_populate_recordset(null::case_hops, (SELECT h FROM j)) RETURNING 1)
SELECT (SELECT count(*) FROM c), (SELECT count(*) FROM d), (SELECT count(*) FROM e), (SELECT count(*) FROM h);
ROLLBACK;
