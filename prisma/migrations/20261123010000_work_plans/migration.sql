-- Work plans (issue 7): annual work points (年度工作要点) as tasks with lead/co units, monthly progress reports,
-- report-due timers and an append-only task timeline. Hand-written; must match prisma/schema.prisma.

CREATE TABLE "work_plans" (
  "id" UUID NOT NULL,
  "title" TEXT NOT NULL,
  "year" INTEGER NOT NULL,
  "source_text" TEXT NOT NULL,
  "created_by" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "work_plans_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "work_plans_year_check" CHECK ("year" BETWEEN 2000 AND 2100)
);

CREATE TABLE "work_tasks" (
  "id" UUID NOT NULL,
  "plan_id" UUID NOT NULL,
  "seq" INTEGER NOT NULL,
  "section" TEXT,
  "section_title" TEXT,
  "number" TEXT NOT NULL,
  "text" TEXT NOT NULL,
  "lead_unit_id" UUID NOT NULL,
  "cadence" TEXT NOT NULL DEFAULT 'monthly',
  "status" TEXT NOT NULL DEFAULT 'open',
  "due_date" DATE NOT NULL,
  "due_at" TIMESTAMPTZ(3) NOT NULL,
  "clauses" JSONB NOT NULL DEFAULT '[]',
  "completed_at" TIMESTAMPTZ(3),
  "completed_by" UUID,
  "summary" TEXT,
  "evidence" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT "work_tasks_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "work_tasks_status_check" CHECK ("status" IN ('open','completed')),
  CONSTRAINT "work_tasks_cadence_check" CHECK ("cadence" IN ('monthly'))
);
CREATE UNIQUE INDEX "work_tasks_plan_id_seq_key" ON "work_tasks"("plan_id","seq");
CREATE INDEX "work_tasks_lead_unit_id_status_idx" ON "work_tasks"("lead_unit_id","status");

CREATE TABLE "work_task_units" (
  "task_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "role" TEXT NOT NULL,
  "position" INTEGER NOT NULL,
  "written_as" TEXT NOT NULL,
  CONSTRAINT "work_task_units_pkey" PRIMARY KEY ("task_id","unit_id"),
  CONSTRAINT "work_task_units_role_check" CHECK ("role" IN ('lead','co'))
);
CREATE INDEX "work_task_units_unit_id_role_idx" ON "work_task_units"("unit_id","role");
-- One lead per task.
CREATE UNIQUE INDEX "work_task_units_one_lead" ON "work_task_units"("task_id") WHERE "role" = 'lead';

CREATE TABLE "work_task_targets" (
  "id" UUID NOT NULL,
  "task_id" UUID NOT NULL,
  "position" INTEGER NOT NULL,
  "text" TEXT NOT NULL,
  "comparator" TEXT NOT NULL,
  "value" DOUBLE PRECISION NOT NULL,
  "unit" TEXT NOT NULL,
  CONSTRAINT "work_task_targets_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "work_task_targets_comparator_check" CHECK ("comparator" IN ('gte','lte','eq','gt','lt'))
);
CREATE UNIQUE INDEX "work_task_targets_task_id_position_key" ON "work_task_targets"("task_id","position");

CREATE TABLE "work_progress_reports" (
  "id" UUID NOT NULL,
  "task_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "role" TEXT NOT NULL,
  "period" TEXT NOT NULL,
  "percent" INTEGER NOT NULL,
  "narrative" TEXT NOT NULL,
  "values" JSONB NOT NULL DEFAULT '[]',
  "attachments" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "cites" UUID[] DEFAULT ARRAY[]::UUID[],
  "on_time" BOOLEAN NOT NULL,
  "submitted_by" UUID NOT NULL,
  "submitted_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "work_progress_reports_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "work_progress_reports_role_check" CHECK ("role" IN ('lead','co')),
  CONSTRAINT "work_progress_reports_percent_check" CHECK ("percent" BETWEEN 0 AND 100),
  CONSTRAINT "work_progress_reports_period_check" CHECK ("period" ~ '^\d{4}-(0[1-9]|1[0-2])$')
);
CREATE INDEX "work_progress_reports_task_id_submitted_at_idx" ON "work_progress_reports"("task_id","submitted_at");
CREATE INDEX "work_progress_reports_unit_id_period_idx" ON "work_progress_reports"("unit_id","period");

CREATE TABLE "work_report_dues" (
  "id" UUID NOT NULL,
  "task_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "period" TEXT NOT NULL,
  "due_date" DATE NOT NULL,
  "due_at" TIMESTAMPTZ(3) NOT NULL,
  "escalate_at" TIMESTAMPTZ(3) NOT NULL,
  "state" TEXT NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 1,
  "calendar_gap" BOOLEAN NOT NULL DEFAULT false,
  "report_id" UUID,
  "met_at" TIMESTAMPTZ(3),
  "overdue_at" TIMESTAMPTZ(3),
  "escalated_at" TIMESTAMPTZ(3),
  CONSTRAINT "work_report_dues_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "work_report_dues_state_check" CHECK ("state" IN ('running','met','overdue','cancelled'))
);
CREATE UNIQUE INDEX "work_report_dues_task_id_unit_id_period_key" ON "work_report_dues"("task_id","unit_id","period");
CREATE INDEX "work_report_dues_state_due_at_idx" ON "work_report_dues"("state","due_at");
CREATE INDEX "work_report_dues_unit_id_state_idx" ON "work_report_dues"("unit_id","state");

CREATE TABLE "work_report_firings" (
  "due_id" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "rung" TEXT NOT NULL,
  "fired_at" TIMESTAMPTZ(3) NOT NULL,
  "late_ms" INTEGER NOT NULL,
  CONSTRAINT "work_report_firings_pkey" PRIMARY KEY ("due_id","version","rung")
);

CREATE TABLE "work_task_events" (
  "id" UUID NOT NULL,
  "seq" BIGSERIAL NOT NULL,
  "task_id" UUID NOT NULL,
  "type" TEXT NOT NULL,
  "actor_id" UUID,
  "unit_id" UUID,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "rule" TEXT,
  "note" TEXT,
  "data" JSONB NOT NULL DEFAULT '{}',
  CONSTRAINT "work_task_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "work_task_events_seq_key" ON "work_task_events"("seq");
CREATE INDEX "work_task_events_task_id_seq_idx" ON "work_task_events"("task_id","seq");

-- Append-only: the timeline is the record of who reported what, when, and which rule fired.
CREATE FUNCTION "work_task_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'work_task_events is append-only'; END $$;
CREATE TRIGGER "work_task_events_no_update" BEFORE UPDATE OR DELETE ON "work_task_events"
  FOR EACH ROW EXECUTE FUNCTION "work_task_events_append_only"();

ALTER TABLE "work_tasks" ADD CONSTRAINT "work_tasks_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "work_plans"("id") ON DELETE RESTRICT;
ALTER TABLE "work_tasks" ADD CONSTRAINT "work_tasks_lead_unit_id_fkey" FOREIGN KEY ("lead_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "work_task_units" ADD CONSTRAINT "work_task_units_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "work_tasks"("id") ON DELETE RESTRICT;
ALTER TABLE "work_task_units" ADD CONSTRAINT "work_task_units_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "work_task_targets" ADD CONSTRAINT "work_task_targets_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "work_tasks"("id") ON DELETE RESTRICT;
ALTER TABLE "work_progress_reports" ADD CONSTRAINT "work_progress_reports_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "work_tasks"("id") ON DELETE RESTRICT;
ALTER TABLE "work_progress_reports" ADD CONSTRAINT "work_progress_reports_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "work_report_dues" ADD CONSTRAINT "work_report_dues_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "work_tasks"("id") ON DELETE RESTRICT;
ALTER TABLE "work_report_dues" ADD CONSTRAINT "work_report_dues_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "work_task_events" ADD CONSTRAINT "work_task_events_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "work_tasks"("id") ON DELETE RESTRICT;
