-- Fangxin initial schema. Hand-written; must match prisma/schema.prisma (guarded by test/db/drift.int-spec.ts).

CREATE TABLE "units" (
  "id" UUID NOT NULL,
  "code" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "level" TEXT NOT NULL,
  "parent_id" UUID,
  "region_code" TEXT,
  "is_intake" BOOLEAN NOT NULL DEFAULT false,
  "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "units_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "units_level_check" CHECK ("level" IN ('city','department','county','station'))
);
CREATE UNIQUE INDEX "units_code_key" ON "units"("code");
CREATE INDEX "units_parent_id_idx" ON "units"("parent_id");

CREATE TABLE "users" (
  "id" UUID NOT NULL,
  "username" TEXT NOT NULL,
  "password_hash" TEXT NOT NULL,
  "display_name" TEXT NOT NULL,
  "role" TEXT NOT NULL,
  "unit_id" UUID NOT NULL,
  "active" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "users_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "users_role_check" CHECK ("role" IN ('operator','handler','leader','manager','admin'))
);
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

CREATE TABLE "categories" (
  "code" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "parent_code" TEXT,
  "sort_order" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "categories_pkey" PRIMARY KEY ("code")
);

CREATE TABLE "calendar_days" (
  "region" TEXT NOT NULL DEFAULT '',
  "date" DATE NOT NULL,
  "kind" TEXT NOT NULL,
  "name" TEXT NOT NULL DEFAULT '',
  CONSTRAINT "calendar_days_pkey" PRIMARY KEY ("region","date"),
  CONSTRAINT "calendar_days_kind_check" CHECK ("kind" IN ('holiday','workday'))
);

CREATE TABLE "calendar_years" (
  "year" INTEGER NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 1,
  "source" TEXT NOT NULL,
  "loaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "calendar_years_pkey" PRIMARY KEY ("year")
);

CREATE TABLE "time_limit_policies" (
  "id" UUID NOT NULL,
  "regime" TEXT NOT NULL,
  "case_type" TEXT NOT NULL,
  "step" TEXT NOT NULL,
  "amount" INTEGER NOT NULL,
  "unit" TEXT NOT NULL,
  "starts_at" TEXT NOT NULL,
  "legal_basis" TEXT NOT NULL,
  "effective_from" DATE NOT NULL,
  "effective_to" DATE,
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "version" INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT "time_limit_policies_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "time_limit_policies_unit_check" CHECK ("unit" IN ('workingDays','calendarDays','hours')),
  CONSTRAINT "time_limit_policies_amount_check" CHECK ("amount" > 0)
);
CREATE UNIQUE INDEX "time_limit_policies_regime_case_type_step_effective_from_key" ON "time_limit_policies"("regime","case_type","step","effective_from");

CREATE TABLE "routing_rules" (
  "id" UUID NOT NULL,
  "region_prefix" TEXT NOT NULL,
  "category_prefix" TEXT,
  "platform" BOOLEAN,
  "case_type" TEXT,
  "unit_id" UUID NOT NULL,
  "priority" INTEGER NOT NULL DEFAULT 0,
  "note" TEXT NOT NULL DEFAULT '',
  "enabled" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

CREATE SEQUENCE "case_no_seq";

CREATE TABLE "cases" (
  "id" UUID NOT NULL,
  "case_no" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "channel" TEXT NOT NULL,
  "status" TEXT NOT NULL,
  "regime" TEXT NOT NULL,
  "received_at" TIMESTAMPTZ(3) NOT NULL,
  "complainant_name" TEXT NOT NULL,
  "complainant_phone" TEXT NOT NULL,
  "complainant_address" TEXT NOT NULL,
  "respondent_name" TEXT NOT NULL,
  "respondent_credit_code" TEXT,
  "respondent_region_code" TEXT NOT NULL,
  "respondent_address" TEXT NOT NULL,
  "respondent_platform" BOOLEAN NOT NULL DEFAULT false,
  "category_code" TEXT NOT NULL,
  "problem_type" TEXT,
  "description" TEXT NOT NULL,
  "request" TEXT,
  "amount" DECIMAL(14,2),
  "assigned_unit_id" UUID,
  "routing_rule_id" UUID,
  "decline_ground" TEXT,
  "outcome" TEXT,
  "close_ground" TEXT,
  "recovered_amount" DECIMAL(14,2),
  "satisfaction" TEXT,
  "overdue" BOOLEAN NOT NULL DEFAULT false,
  "registered_by" UUID NOT NULL,
  "registered_at" TIMESTAMPTZ(3) NOT NULL,
  "dispatched_at" TIMESTAMPTZ(3),
  "signed_at" TIMESTAMPTZ(3),
  "decided_at" TIMESTAMPTZ(3),
  "closed_at" TIMESTAMPTZ(3),
  "archived_at" TIMESTAMPTZ(3),
  "version" INTEGER NOT NULL DEFAULT 1,
  CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "cases_case_no_key" ON "cases"("case_no");
CREATE INDEX "cases_assigned_unit_id_status_idx" ON "cases"("assigned_unit_id","status");
CREATE INDEX "cases_received_at_idx" ON "cases"("received_at");
CREATE INDEX "cases_complainant_phone_idx" ON "cases"("complainant_phone");

CREATE TABLE "case_events" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "seq" INTEGER NOT NULL,
  "type" TEXT NOT NULL,
  "actor_id" UUID,
  "unit_id" UUID,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "rule" TEXT,
  "note" TEXT,
  "data" JSONB NOT NULL DEFAULT '{}',
  CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "case_events_case_id_seq_key" ON "case_events"("case_id","seq");

-- Append-only: the timeline is legal evidence.
CREATE FUNCTION "case_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$;
CREATE TRIGGER "case_events_no_update" BEFORE UPDATE OR DELETE ON "case_events"
  FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();

CREATE TABLE "deadlines" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "policy_id" UUID NOT NULL,
  "legal_basis" TEXT NOT NULL,
  "start_date" DATE NOT NULL,
  "amount" INTEGER NOT NULL,
  "unit" TEXT NOT NULL,
  "due_date" DATE NOT NULL,
  "due_at" TIMESTAMPTZ(3) NOT NULL,
  "state" TEXT NOT NULL,
  "version" INTEGER NOT NULL DEFAULT 1,
  "calendar_gap" BOOLEAN NOT NULL DEFAULT false,
  "met_at" TIMESTAMPTZ(3),
  "overdue_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "deadlines_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "deadlines_state_check" CHECK ("state" IN ('running','met','overdue','cancelled'))
);
CREATE UNIQUE INDEX "deadlines_case_id_kind_key" ON "deadlines"("case_id","kind");
CREATE INDEX "deadlines_state_due_at_idx" ON "deadlines"("state","due_at");

CREATE TABLE "deadline_firings" (
  "deadline_id" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "rung" TEXT NOT NULL,
  "fired_at" TIMESTAMPTZ(3) NOT NULL,
  "late_ms" INTEGER NOT NULL,
  CONSTRAINT "deadline_firings_pkey" PRIMARY KEY ("deadline_id","version","rung")
);

CREATE TABLE "outbox" (
  "id" BIGSERIAL NOT NULL,
  "topic" TEXT NOT NULL,
  "payload" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "dispatched_at" TIMESTAMPTZ(3),
  "attempts" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "outbox_dispatched_at_id_idx" ON "outbox"("dispatched_at","id");
CREATE INDEX "outbox_pending_idx" ON "outbox"("id") WHERE "dispatched_at" IS NULL;

ALTER TABLE "units" ADD CONSTRAINT "units_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "users" ADD CONSTRAINT "users_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "cases" ADD CONSTRAINT "cases_assigned_unit_id_fkey" FOREIGN KEY ("assigned_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT;
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT;
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT;
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "time_limit_policies"("id") ON DELETE RESTRICT;
