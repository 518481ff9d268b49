-- Issue 12: a supervision item's reply (督办/催办 answered by the target unit) is a clock of the deadline engine, like
-- a case step and a work-plan report due: one `deadlines` row per item (subject column `supervision_id`), governed by a
-- time-limit policy (LOCAL / supervision / supervisionReply, ladder: due only), fired by the engine's one fire use case
-- and claim (the `due` rung marks the item overdue and tells the unit that opened it). Replaces the worker's own
-- supervision sweep query. Additive: a new nullable column, a wider subject check, one policy row, one trigger.

-- The policy (LOCAL, data an admin can edit: enabled, ladder; its amount documents the default response time). An
-- item keeps the due instant it was opened with (the officer may set the response days): its clock runs to that
-- instant, so the clock row counts in hours (amount = hours from opening to due) — the engine then fires `due` just
-- after the exact instant, as the old sweep did, whatever the time of day.
INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES (gen_random_uuid(), 'LOCAL', 'supervision', 'supervisionReply', 3, 'workingDays', 'opened',
        '本局规定：督办、催办事项自发出之日起3个工作日内反馈',
        DATE '2020-01-01', NULL, true, 1, '[{"rung":"due","offset":0}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;

-- A deadline's subject: a case, a work-plan report due, or a supervision item (exactly one).
ALTER TABLE "deadlines" ADD COLUMN "supervision_id" UUID;
CREATE UNIQUE INDEX "deadlines_supervision_id_key" ON "deadlines"("supervision_id");
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_supervision_id_fkey" FOREIGN KEY ("supervision_id") REFERENCES "supervisions"("id") ON DELETE RESTRICT;
ALTER TABLE "deadlines" DROP CONSTRAINT "deadlines_one_subject_check";
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_one_subject_check" CHECK (num_nonnulls("case_id", "report_due_id", "supervision_id") = 1);

-- The clock follows its item, whichever path wrote it (an officer's 督办 through the case aggregate, or the automatic
-- one the `supervise` rung opens in the firing's statement): opened → a running clock due when the item is due;
-- answered → the clock is met (its version bumps, so armed wake-ups go stale; a clock already overdue stays overdue
-- with met_at set, as late clocks are recorded); the item's due instant changed → the unmet clock moves with it (new
-- version; overdue again running if the new instant is later). Arming: the worker's re-arm and sweep.
CREATE FUNCTION "supervision_reply_clock"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p "time_limit_policies"%ROWTYPE;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."answered_at" IS NULL AND NEW."overdue_at" IS NULL THEN
      SELECT * INTO p FROM "time_limit_policies"
      WHERE "regime" = 'LOCAL' AND "case_type" = 'supervision' AND "step" = 'supervisionReply' AND "enabled"
      ORDER BY "effective_from" DESC LIMIT 1;
      IF FOUND THEN
        INSERT INTO "deadlines" ("id", "case_id", "report_due_id", "supervision_id", "step", "policy_id", "legal_basis",
                                 "start_at", "start_date", "amount", "unit", "extended", "due_date", "due_at", "state",
                                 "version", "calendar_gap", "met_at", "overdue_at", "created_at")
        VALUES (gen_random_uuid(), NULL, NULL, NEW."id", p."step", p."id", p."legal_basis",
                NEW."opened_at", (NEW."opened_at" AT TIME ZONE 'Asia/Shanghai')::date,
                GREATEST(1, ceil(extract(epoch FROM NEW."due_at" - NEW."opened_at") / 3600))::int, 'hours', 0,
                (NEW."due_at" AT TIME ZONE 'Asia/Shanghai')::date, NEW."due_at", 'running', 1, false, NULL, NULL, NEW."opened_at")
        ON CONFLICT ("supervision_id") DO NOTHING;
      END IF;
    END IF;
  ELSIF NEW."answered_at" IS NOT NULL AND OLD."answered_at" IS NULL THEN
    UPDATE "deadlines" SET "met_at" = NEW."answered_at", "state" = CASE WHEN "state" = 'overdue' THEN 'overdue' ELSE 'met' END,
                           "version" = "version" + 1
    WHERE "supervision_id" = NEW."id" AND "met_at" IS NULL;
  ELSIF NEW."due_at" IS DISTINCT FROM OLD."due_at" AND NEW."answered_at" IS NULL AND NEW."overdue_at" IS NULL THEN
    UPDATE "deadlines" SET "due_at" = NEW."due_at", "due_date" = (NEW."due_at" AT TIME ZONE 'Asia/Shanghai')::date,
                           "amount" = GREATEST(1, ceil(extract(epoch FROM NEW."due_at" - NEW."opened_at") / 3600))::int,
                           "state" = 'running', "overdue_at" = NULL, "version" = "version" + 1
    WHERE "supervision_id" = NEW."id" AND "met_at" IS NULL;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "supervisions_reply_clock" AFTER INSERT OR UPDATE OF "answered_at", "due_at" ON "supervisions"
  FOR EACH ROW EXECUTE FUNCTION "supervision_reply_clock"();

-- Items open now get their clock (the worker's re-arm at start arms it; an item already past due fires on the next sweep).
INSERT INTO "deadlines" ("id", "case_id", "report_due_id", "supervision_id", "step", "policy_id", "legal_basis",
                         "start_at", "start_date", "amount", "unit", "extended", "due_date", "due_at", "state",
                         "version", "calendar_gap", "met_at", "overdue_at", "created_at")
SELECT gen_random_uuid(), NULL, NULL, s."id", p."step", p."id", p."legal_basis",
       s."opened_at", (s."opened_at" AT TIME ZONE 'Asia/Shanghai')::date,
       GREATEST(1, ceil(extract(epoch FROM s."due_at" - s."opened_at") / 3600))::int, 'hours', 0,
       (s."due_at" AT TIME ZONE 'Asia/Shanghai')::date, s."due_at", 'running', 1, false, NULL, NULL, s."opened_at"
FROM "supervisions" s
JOIN "time_limit_policies" p ON p."regime" = 'LOCAL' AND p."case_type" = 'supervision' AND p."step" = 'supervisionReply'
                           AND p."effective_from" = DATE '2020-01-01'
WHERE s."answered_at" IS NULL AND s."overdue_at" IS NULL
ON CONFLICT ("supervision_id") DO NOTHING;
