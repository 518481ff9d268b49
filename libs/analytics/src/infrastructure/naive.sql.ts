import { COUNTERS, COUNTER_COLUMNS, FOLD_TYPES, STEP_GROUP } from '../domain/index.js';

const list = (xs: readonly string[]) => xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(', ');
const HOPS = ['CaseRegistered', 'CaseDispatched', ...FOLD_TYPES.returns, ...FOLD_TYPES.transfers];
const KINDS = Object.keys(STEP_GROUP);
const GROUP_CASE = `CASE kind ${Object.entries(STEP_GROUP).map(([k, g]) => `WHEN '${k}' THEN '${g}'`).join(' ')} END`;

/**
 * The same definitions as domain/fold.ts, computed directly from the raw case_events in one SQL statement:
 * the "naive" computation that the property test compares the incremental rollup with, that the benchmark
 * times, and that rebuilds the rollup from scratch. $1, $2: the half-open China-day range [from, to).
 * Columns: unit_id, day, then every counter column.
 *
 * `scoped`: read only the events of cases whose span overlaps the range. Every counter lands on an event's day or
 * on a deadline's due day, so a case whose (read) event days and due days all lie outside [from, to) adds nothing there;
 * the span is taken over both. Same answer (rollup.int-spec.ts checks it), far less to sort for a short range.
 */
export function naiveDailySql(opts: { scoped?: boolean } = {}): string {
  const types = list([...HOPS, 'DeadlineArmed', 'DeadlineMet', 'DeadlineOverdue', 'CaseClosed', 'CaseDeclined', 'CallbackRecorded']);
  const scope = opts.scoped
    ? `
    AND e.case_id IN (
      SELECT case_id FROM case_events WHERE type IN (${types})
      GROUP BY case_id
      HAVING MAX(GREATEST(at, (data->>'dueAt')::timestamptz)) >= ($1::date::timestamp AT TIME ZONE 'Asia/Shanghai')
         AND MIN(LEAST(at, (data->>'dueAt')::timestamptz)) < ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai'))`
    : '';
  return `
WITH ev AS (
  -- only the fields the definitions read, so the window sorts below stay narrow
  SELECT e.case_id, e.seq, e.type, e.unit_id, (e.at AT TIME ZONE 'Asia/Shanghai')::date AS day,
         (e.type IN (${list(HOPS)})) AS is_hop,
         e.data->>'kind' AS kind, NULLIF(e.data->>'toUnitId', '')::uuid AS to_unit, e.data->>'type' AS reg_type,
         ((e.data->>'dueAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS due_day, (e.data->>'onTime')::boolean AS on_time_flag,
         e.data->>'outcome' AS outcome, e.data->>'satisfaction' AS satisfaction,
         CASE WHEN jsonb_typeof(e.data->'recoveredAmount') = 'number' THEN (e.data->>'recoveredAmount')::numeric END AS recovered
  FROM case_events e
  WHERE e.type IN (${types})${scope}
),
reg AS (
  SELECT DISTINCT ON (case_id) case_id, unit_id AS intake, reg_type AS case_type FROM ev WHERE type = 'CaseRegistered' ORDER BY case_id, seq
),
s1 AS (
  SELECT ev.*, reg.case_type,
    CASE WHEN NOT ev.is_hop THEN NULL
         WHEN ev.type = 'CaseRegistered' THEN ev.unit_id
         WHEN ev.type = 'CaseDispatched' THEN ev.to_unit
         ELSE COALESCE(ev.to_unit, reg.intake) END AS hop_holder,
    SUM(ev.is_hop::int) OVER (PARTITION BY ev.case_id ORDER BY ev.seq) AS hop_no
  FROM ev LEFT JOIN reg USING (case_id)
),
s2 AS (
  SELECT s1.*,
    MAX(hop_holder::text) OVER (PARTITION BY case_id, hop_no)::uuid AS holder,
    MAX(CASE WHEN is_hop THEN day END) OVER (PARTITION BY case_id, hop_no) AS since
  FROM s1
),
s3 AS (
  SELECT s2.*, LAG(holder) OVER (PARTITION BY case_id ORDER BY seq) AS prev_holder FROM s2
),
ch AS (
  SELECT s3.*,
    LAG(type) OVER (PARTITION BY case_id, kind ORDER BY seq) AS prev_type,
    COALESCE(COUNT(*) FILTER (WHERE type <> 'DeadlineArmed') OVER (PARTITION BY case_id, kind ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS cyc
  FROM s3
  WHERE type IN ('DeadlineArmed', 'DeadlineMet', 'DeadlineOverdue') AND kind IN (${list(KINDS)})
),
st AS (
  SELECT ch.*, MIN(seq) FILTER (WHERE type = 'DeadlineArmed') OVER (PARTITION BY case_id, kind, cyc) AS open_seq FROM ch
),
settle AS (
  SELECT st.holder, ${GROUP_CASE} AS grp,
    (st.type = 'DeadlineMet' AND st.on_time_flag IS TRUE) AS on_time,
    CASE WHEN st.type = 'DeadlineMet' AND st.on_time_flag IS TRUE OR st.due_day IS NULL THEN st.day ELSE st.due_day END AS d,
    EXISTS (SELECT 1 FROM case_events x WHERE x.case_id = st.case_id AND x.type IN (${list(FOLD_TYPES.extensions)})
            AND x.data->>'kind' = st.kind AND x.seq > st.open_seq AND x.seq < st.seq) AS extended
  FROM st WHERE st.type IN ('DeadlineMet', 'DeadlineOverdue') AND st.prev_type = 'DeadlineArmed'
),
inc AS (
  SELECT holder AS unit_id, day, 'dispatched' AS counter, 1::bigint AS delta FROM s3 WHERE type = 'CaseDispatched'
  UNION ALL SELECT prev_holder, day, 'returned', 1 FROM s3 WHERE type IN (${list(FOLD_TYPES.returns)})
  UNION ALL SELECT holder, d, grp || 'Due', 1 FROM settle
  UNION ALL SELECT holder, d, grp || 'OnTime', 1 FROM settle WHERE on_time
  UNION ALL SELECT holder, d, 'extended', 1 FROM settle WHERE extended AND grp IN ('close', 'verify')
  UNION ALL SELECT holder, day, 'finished', 1 FROM s3 WHERE type IN ('CaseClosed', 'CaseDeclined')
  UNION ALL SELECT holder, day, 'handlingDays', analytics_working_days_between(since, day) FROM s3 WHERE type IN ('CaseClosed', 'CaseDeclined') AND since IS NOT NULL
  UNION ALL SELECT holder, day, 'mediationClosed', 1 FROM s3 WHERE type = 'CaseClosed' AND case_type = 'complaint'
  UNION ALL SELECT holder, day, 'mediationSuccess', 1 FROM s3 WHERE type = 'CaseClosed' AND case_type = 'complaint' AND outcome = 'agreement'
  UNION ALL SELECT holder, day, 'recoveredCents', ROUND(recovered * 100)::bigint FROM s3 WHERE type = 'CaseClosed' AND recovered > 0
  UNION ALL SELECT holder, day, 'callbacks', 1 FROM s3 WHERE type = 'CallbackRecorded'
  UNION ALL SELECT holder, day, 'satisfied', 1 FROM s3 WHERE type = 'CallbackRecorded' AND satisfaction IN ('verySatisfied', 'satisfied')
)
SELECT unit_id, day, ${COUNTERS.map((k) => `COALESCE(SUM(delta) FILTER (WHERE counter = '${k}'), 0)::${k === 'recoveredCents' ? 'bigint' : 'int'} AS ${COUNTER_COLUMNS[k]}`).join(',\n  ')}
FROM inc
WHERE unit_id IS NOT NULL AND day >= $1::date AND day < $2::date
GROUP BY unit_id, day`;
}
