-- Issue 17: ODR (在线消费纠纷解决). Enrolled enterprises, their history and accounts, and complaints' ODR stages.
-- Additive only: new tables; existing rows untouched.
-- Role `enterprise`: an ODR enterprise's account (bound in odr_enterprise_users), refused by every staff route.
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("role" IN ('operator','handler','leader','manager','admin','auditor','enterprise'));

CREATE TABLE "odr_enterprises" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "credit_code" TEXT NOT NULL,
    "credit_code_checksum_valid" BOOLEAN NOT NULL,
    "stores" JSONB NOT NULL DEFAULT '[]',
    "contacts" JSONB NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "odr_enterprises_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "odr_enterprises_status_check" CHECK ("status" IN ('active', 'suspended', 'removed'))
);
CREATE UNIQUE INDEX "odr_enterprises_credit_code_key" ON "odr_enterprises"("credit_code");

CREATE TABLE "odr_enterprise_changes" (
    "id" UUID NOT NULL,
    "enterprise_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "by_user_id" UUID NOT NULL,
    "reason" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "odr_enterprise_changes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "odr_enterprise_changes_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "odr_enterprises"("id") ON DELETE RESTRICT
);
CREATE INDEX "odr_enterprise_changes_enterprise_id_at_idx" ON "odr_enterprise_changes"("enterprise_id", "at");

CREATE TABLE "odr_enterprise_users" (
    "user_id" UUID NOT NULL,
    "enterprise_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "odr_enterprise_users_pkey" PRIMARY KEY ("user_id"),
    CONSTRAINT "odr_enterprise_users_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE,
    CONSTRAINT "odr_enterprise_users_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "odr_enterprises"("id") ON DELETE RESTRICT
);
CREATE INDEX "odr_enterprise_users_enterprise_id_idx" ON "odr_enterprise_users"("enterprise_id");

CREATE TABLE "odr_cases" (
    "case_id" UUID NOT NULL,
    "enterprise_id" UUID NOT NULL,
    "stage" TEXT NOT NULL,
    "consent_at" TIMESTAMPTZ(3) NOT NULL,
    "handed_over_at" TIMESTAMPTZ(3) NOT NULL,
    "due_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "first_reply_at" TIMESTAMPTZ(3),
    "proposal" TEXT,
    "replies" JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT "odr_cases_pkey" PRIMARY KEY ("case_id"),
    CONSTRAINT "odr_cases_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE,
    CONSTRAINT "odr_cases_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "odr_enterprises"("id") ON DELETE RESTRICT,
    CONSTRAINT "odr_cases_stage_check" CHECK ("stage" IN ('waiting', 'offered', 'settled', 'confirmed', 'rejected', 'refused', 'expired'))
);
CREATE INDEX "odr_cases_enterprise_id_handed_over_at_idx" ON "odr_cases"("enterprise_id", "handed_over_at");

-- The enterprise's window (issue 17 §3): LOCAL complaint odrWindow, 10 working days from the hand-over to the
-- enterprise; warn 2 working days before, due = the case leaves ODR for the bureau. Versioned like the others.
INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES
  (gen_random_uuid(), 'LOCAL', 'complaint', 'odrWindow', 10, 'workingDays', 'odrHandover',
   '本局规定：在线解纷企业自收到转交的投诉之日起10个工作日内与消费者协商和解；期满未和解的转市场监管部门处理，协商期间不计入《市场监督管理投诉举报处理办法》规定的办理时限',
   DATE '2020-01-01', NULL, true, 1, '[{"rung":"warn","offset":-2},{"rung":"due","offset":0}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;

-- The ODR stage as a hop attributed to the enterprise (per-hop time, issue 17 §5): a hop holds a unit or an enterprise.
ALTER TABLE "case_hops" ALTER COLUMN "unit_id" DROP NOT NULL;
ALTER TABLE "case_hops" ADD COLUMN "odr_enterprise_id" UUID;
ALTER TABLE "case_hops" ADD CONSTRAINT "case_hops_holder_check" CHECK ("unit_id" IS NOT NULL OR "odr_enterprise_id" IS NOT NULL);
ALTER TABLE "case_hops" DROP CONSTRAINT "case_hops_how_check";
ALTER TABLE "case_hops" ADD CONSTRAINT "case_hops_how_check"
  CHECK ("how" IN ('intake','dispatch','return','transfer','takeover','referral','recall','odr'));

-- The enterprise's window is a clock of the engine (subject `odrWindow`, deadlines.odr_case_id; docs/deadlines.md
-- "Adding a kind of clock"). Written with the ODR stage by this trigger: opened → running clock due at the stage's
-- due instant (counted in the policy's unit); the stage ended → met (version bumped; an overdue clock stays overdue).
ALTER TABLE "deadlines" ADD COLUMN "odr_case_id" UUID;
CREATE UNIQUE INDEX "deadlines_odr_case_id_key" ON "deadlines"("odr_case_id");
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_odr_case_id_fkey" FOREIGN KEY ("odr_case_id") REFERENCES "odr_cases"("case_id") ON DELETE RESTRICT;
ALTER TABLE "deadlines" DROP CONSTRAINT "deadlines_one_subject_check";
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_one_subject_check" CHECK (num_nonnulls("case_id", "report_due_id", "supervision_id", "odr_case_id") = 1);

CREATE FUNCTION "odr_window_clock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p "time_limit_policies"%ROWTYPE;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."due_at" IS NOT NULL AND NEW."ended_at" IS NULL THEN
      SELECT * INTO p FROM "time_limit_policies"
      WHERE "regime" = 'LOCAL' AND "case_type" = 'complaint' AND "step" = 'odrWindow' AND "enabled"
        AND "effective_from" <= (NEW."handed_over_at" AT TIME ZONE 'Asia/Shanghai')::date
      ORDER BY "effective_from" DESC, "version" DESC LIMIT 1;
      IF FOUND THEN
        INSERT INTO "deadlines" ("id", "odr_case_id", "step", "policy_id", "legal_basis",
                                 "start_at", "start_date", "amount", "unit", "extended", "due_date", "due_at", "state",
                                 "version", "calendar_gap", "met_at", "overdue_at", "created_at")
        VALUES (gen_random_uuid(), NEW."case_id", p."step", p."id", p."legal_basis",
                NEW."handed_over_at", (NEW."handed_over_at" AT TIME ZONE 'Asia/Shanghai')::date, p."amount", p."unit", 0,
                (NEW."due_at" AT TIME ZONE 'Asia/Shanghai')::date, NEW."due_at", 'running', 1, false, NULL, NULL, NEW."handed_over_at")
        ON CONFLICT ("odr_case_id") DO NOTHING;
      END IF;
    END IF;
  ELSIF NEW."ended_at" IS NOT NULL AND OLD."ended_at" IS NULL THEN
    UPDATE "deadlines" SET "met_at" = NEW."ended_at", "state" = CASE WHEN "state" = 'overdue' THEN 'overdue' ELSE 'met' END,
                           "version" = "version" + 1
    WHERE "odr_case_id" = NEW."case_id" AND "met_at" IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "odr_cases_window_clock" AFTER INSERT OR UPDATE OF "ended_at" ON "odr_cases"
  FOR EACH ROW EXECUTE FUNCTION "odr_window_clock"();
