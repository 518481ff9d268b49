-- Issue 7: work-plan report dues run on the case deadline engine. The clock of each report due becomes a row of
-- `deadlines` (subject: a case or a report due, exactly one), with the ladder of a time-limit policy; the parallel
-- machinery (work_report_firings, the escalate_at/version columns, outbox topic task-report.arm) goes away.

-- The policy (LOCAL pledge, data an admin can edit): month M's report is due by the 5th working day of M+1.
INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES (gen_random_uuid(), 'LOCAL', 'work_task', 'progressReport', 5, 'workingDays', 'periodEnd',
        '本局工作要点按月调度：当月工作进展于次月第5个工作日24时前报送（工作日按国务院放假安排）',
        DATE '2020-01-01', NULL, true, 1,
        '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":2}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;

-- A deadline's subject: a case, or a work-plan report due.
ALTER TABLE "deadlines" ALTER COLUMN "case_id" DROP NOT NULL;
ALTER TABLE "deadlines" ADD COLUMN "report_due_id" UUID;
CREATE UNIQUE INDEX "deadlines_report_due_id_key" ON "deadlines"("report_due_id");
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_report_due_id_fkey" FOREIGN KEY ("report_due_id") REFERENCES "work_report_dues"("id") ON DELETE RESTRICT;
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_one_subject_check" CHECK (num_nonnulls("case_id", "report_due_id") = 1);

-- Existing dues: one clock each, same version (the old jobs' claims carry over below), started at the period's
-- last day (the period rule does not count it) — the same instant reportDueTimes() computed. A report met after
-- its due instant leaves the clock `overdue` with met_at set, as the engine records late clocks (progress.handler).
INSERT INTO "deadlines" ("id", "case_id", "report_due_id", "kind", "policy_id", "legal_basis", "start_at", "start_date",
                         "amount", "unit", "extended", "due_date", "due_at", "state", "version", "calendar_gap",
                         "met_at", "overdue_at", "created_at")
SELECT gen_random_uuid(), NULL, r."id", 'progressReport', p."id", p."legal_basis",
       (x.last_day::timestamp AT TIME ZONE 'Asia/Shanghai'), x.last_day, p."amount", p."unit", 0, r."due_date", r."due_at",
       CASE WHEN r."state" = 'met' AND r."met_at" > r."due_at" THEN 'overdue' ELSE r."state" END,
       r."version", r."calendar_gap", r."met_at", r."overdue_at", now()
FROM "work_report_dues" r
CROSS JOIN LATERAL (SELECT (to_date(r."period" || '-01', 'YYYY-MM-DD') + interval '1 month' - interval '1 day')::date AS last_day) x
JOIN "time_limit_policies" p ON p."regime" = 'LOCAL' AND p."case_type" = 'work_task' AND p."step" = 'progressReport'
                           AND p."effective_from" = DATE '2020-01-01';

-- Fired rungs stay fired: `due` keeps its name, the old `escalate` (+2 working days to 办公室) is the `supervise` rung.
INSERT INTO "deadline_firings" ("deadline_id", "version", "rung", "fired_at", "late_ms")
SELECT d."id", f."version", CASE f."rung" WHEN 'escalate' THEN 'supervise' ELSE f."rung" END, f."fired_at", f."late_ms"
FROM "work_report_firings" f JOIN "deadlines" d ON d."report_due_id" = f."due_id"
ON CONFLICT DO NOTHING;
DROP TABLE "work_report_firings";

-- Pending wake-ups of the old topic are re-armed by the worker's reconciler from `deadlines`.
UPDATE "outbox" SET "dispatched_at" = now() WHERE "topic" = 'task-report.arm' AND "dispatched_at" IS NULL;

-- The clock columns now live in `deadlines`; the due keeps its business state (period, unit, report, overdue, escalated).
DROP INDEX "work_report_dues_state_due_at_idx";
ALTER TABLE "work_report_dues" DROP COLUMN "due_date", DROP COLUMN "due_at", DROP COLUMN "escalate_at",
                               DROP COLUMN "version", DROP COLUMN "calendar_gap";
CREATE INDEX "work_report_dues_task_id_state_idx" ON "work_report_dues"("task_id", "state");
