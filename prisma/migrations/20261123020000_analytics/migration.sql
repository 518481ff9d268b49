-- Analytics (issue 6): rollup inbox and per-(unit, day) counters, consumer warnings, analysis reports.
-- Hand-written; must match prisma/schema.prisma. Formulas: docs/indicators.md.

CREATE TABLE "analytics_inbox" (
  "id" BIGSERIAL NOT NULL,
  "event_id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "seq" INTEGER NOT NULL,
  CONSTRAINT "analytics_inbox_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "analytics_inbox_event_id_key" ON "analytics_inbox"("event_id");

CREATE TABLE "analytics_unit_days" (
  "unit_id" UUID NOT NULL,
  "day" DATE NOT NULL,
  "sign_due" INTEGER NOT NULL DEFAULT 0,
  "sign_on_time" INTEGER NOT NULL DEFAULT 0,
  "accept_due" INTEGER NOT NULL DEFAULT 0,
  "accept_on_time" INTEGER NOT NULL DEFAULT 0,
  "close_due" INTEGER NOT NULL DEFAULT 0,
  "close_on_time" INTEGER NOT NULL DEFAULT 0,
  "verify_due" INTEGER NOT NULL DEFAULT 0,
  "verify_on_time" INTEGER NOT NULL DEFAULT 0,
  "extended" INTEGER NOT NULL DEFAULT 0,
  "mediation_closed" INTEGER NOT NULL DEFAULT 0,
  "mediation_success" INTEGER NOT NULL DEFAULT 0,
  "dispatched" INTEGER NOT NULL DEFAULT 0,
  "returned" INTEGER NOT NULL DEFAULT 0,
  "callbacks" INTEGER NOT NULL DEFAULT 0,
  "satisfied" INTEGER NOT NULL DEFAULT 0,
  "finished" INTEGER NOT NULL DEFAULT 0,
  "handling_days" INTEGER NOT NULL DEFAULT 0,
  "recovered_cents" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "analytics_unit_days_pkey" PRIMARY KEY ("unit_id","day")
);
CREATE INDEX "analytics_unit_days_day_unit_id_idx" ON "analytics_unit_days"("day","unit_id");

CREATE TABLE "analytics_unit_months" (
  "unit_id" UUID NOT NULL,
  "month" DATE NOT NULL,
  "sign_due" INTEGER NOT NULL DEFAULT 0,
  "sign_on_time" INTEGER NOT NULL DEFAULT 0,
  "accept_due" INTEGER NOT NULL DEFAULT 0,
  "accept_on_time" INTEGER NOT NULL DEFAULT 0,
  "close_due" INTEGER NOT NULL DEFAULT 0,
  "close_on_time" INTEGER NOT NULL DEFAULT 0,
  "verify_due" INTEGER NOT NULL DEFAULT 0,
  "verify_on_time" INTEGER NOT NULL DEFAULT 0,
  "extended" INTEGER NOT NULL DEFAULT 0,
  "mediation_closed" INTEGER NOT NULL DEFAULT 0,
  "mediation_success" INTEGER NOT NULL DEFAULT 0,
  "dispatched" INTEGER NOT NULL DEFAULT 0,
  "returned" INTEGER NOT NULL DEFAULT 0,
  "callbacks" INTEGER NOT NULL DEFAULT 0,
  "satisfied" INTEGER NOT NULL DEFAULT 0,
  "finished" INTEGER NOT NULL DEFAULT 0,
  "handling_days" INTEGER NOT NULL DEFAULT 0,
  "recovered_cents" BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT "analytics_unit_months_pkey" PRIMARY KEY ("unit_id","month")
);
CREATE INDEX "analytics_unit_months_month_unit_id_idx" ON "analytics_unit_months"("month","unit_id");

CREATE TABLE "consumer_warnings" (
  "id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "source" JSONB NOT NULL DEFAULT '{}',
  "status" TEXT NOT NULL DEFAULT 'draft',
  "created_by" UUID NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "consumer_warnings_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "consumer_warnings_status_check" CHECK ("status" IN ('draft','published'))
);
CREATE INDEX "consumer_warnings_unit_id_created_at_idx" ON "consumer_warnings"("unit_id","created_at");

CREATE TABLE "analysis_reports" (
  "id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "period" TEXT NOT NULL,
  "start" DATE NOT NULL,
  "end" DATE NOT NULL,
  "content" JSONB NOT NULL,
  "generated_at" TIMESTAMPTZ(3) NOT NULL,
  "generated_by" UUID,
  CONSTRAINT "analysis_reports_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "analysis_reports_period_check" CHECK ("period" IN ('month','quarter','year'))
);
CREATE UNIQUE INDEX "analysis_reports_unit_id_period_start_key" ON "analysis_reports"("unit_id","period","start");

ALTER TABLE "consumer_warnings" ADD CONSTRAINT "consumer_warnings_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "analysis_reports" ADD CONSTRAINT "analysis_reports_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;

-- Every appended case event is queued for the rollup in the same transaction (statement-level: cheap for bulk
-- inserts), and the worker is woken at commit.
CREATE FUNCTION "analytics_enqueue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "analytics_inbox" ("event_id", "case_id", "seq")
    SELECT n."id", n."case_id", n."seq" FROM new_rows n ORDER BY n."case_id", n."seq"
    ON CONFLICT ("event_id") DO NOTHING;
  PERFORM pg_notify('fangxin_analytics', '');
  RETURN NULL;
END $$;
CREATE TRIGGER "case_events_analytics_enqueue" AFTER INSERT ON "case_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_enqueue_events"();

-- Working days in (a, b] by the database calendar (national rows), the same rule as WorkingCalendar:
-- a calendar exception wins, otherwise Mon–Fri. Used by the naive/rebuild computation (docs/indicators.md).
CREATE FUNCTION "analytics_working_days_between"(a DATE, b DATE) RETURNS INTEGER LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN b <= a THEN 0 ELSE
    -- Mon–Fri in (a, b]: whole weeks, then the remaining 0–6 days
    ((b - a) / 7) * 5
    + (SELECT COUNT(*)::int FROM generate_series(a + 1 + ((b - a) / 7) * 7, b, INTERVAL '1 day') AS g(d) WHERE EXTRACT(ISODOW FROM g.d) < 6)
    -- the notice's exceptions: holidays on weekdays, make-up working days on weekends
    - (SELECT COUNT(*)::int FROM "calendar_days" c WHERE c."region" = '' AND c."date" > a AND c."date" <= b AND c."kind" = 'holiday' AND EXTRACT(ISODOW FROM c."date") < 6)
    + (SELECT COUNT(*)::int FROM "calendar_days" c WHERE c."region" = '' AND c."date" > a AND c."date" <= b AND c."kind" = 'workday' AND EXTRACT(ISODOW FROM c."date") >= 6)
  END
$$;
