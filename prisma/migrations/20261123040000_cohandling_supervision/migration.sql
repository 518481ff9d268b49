-- Co-handling (协办) and supervision items (督办/催办), issue 4. See docs/routing.md.

CREATE TABLE "case_co_units" (
  "case_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "added_at" TIMESTAMPTZ(3) NOT NULL,
  "added_by" UUID NOT NULL,
  "state" TEXT NOT NULL,
  "submitted_at" TIMESTAMPTZ(3),
  "text" TEXT,
  CONSTRAINT "case_co_units_pkey" PRIMARY KEY ("case_id","unit_id"),
  CONSTRAINT "case_co_units_state_check" CHECK ("state" IN ('pending','submitted','released')),
  CONSTRAINT "case_co_units_submitted_check" CHECK ("state" <> 'submitted' OR ("submitted_at" IS NOT NULL AND "text" IS NOT NULL)),
  CONSTRAINT "case_co_units_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT,
  CONSTRAINT "case_co_units_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT
);
CREATE INDEX "case_co_units_unit_id_state_idx" ON "case_co_units"("unit_id","state");

CREATE TABLE "supervisions" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "opened_by_unit_id" UUID NOT NULL,
  "target_unit_id" UUID NOT NULL,
  "opened_at" TIMESTAMPTZ(3) NOT NULL,
  "opened_by" UUID,
  "due_at" TIMESTAMPTZ(3) NOT NULL,
  "answered_at" TIMESTAMPTZ(3),
  "answered_by" UUID,
  "answer" TEXT,
  "auto" BOOLEAN NOT NULL DEFAULT false,
  "overdue_at" TIMESTAMPTZ(3),
  "deadline_id" UUID,
  "deadline_version" INTEGER,
  CONSTRAINT "supervisions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "supervisions_kind_check" CHECK ("kind" IN ('supervise','remind')),
  CONSTRAINT "supervisions_answer_check" CHECK (("answered_at" IS NULL) = ("answer" IS NULL)),
  CONSTRAINT "supervisions_auto_check" CHECK ("auto" = ("deadline_id" IS NOT NULL)),
  CONSTRAINT "supervisions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT,
  CONSTRAINT "supervisions_opened_by_unit_id_fkey" FOREIGN KEY ("opened_by_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT,
  CONSTRAINT "supervisions_target_unit_id_fkey" FOREIGN KEY ("target_unit_id") REFERENCES "units"("id") ON DELETE RESTRICT
);
CREATE INDEX "supervisions_case_id_idx" ON "supervisions"("case_id");
CREATE INDEX "supervisions_target_unit_id_answered_at_idx" ON "supervisions"("target_unit_id","answered_at");
CREATE INDEX "supervisions_opened_by_unit_id_answered_at_idx" ON "supervisions"("opened_by_unit_id","answered_at");
-- The overdue sweep: open items by due time.
CREATE INDEX "supervisions_open_due_idx" ON "supervisions"("due_at") WHERE "answered_at" IS NULL AND "overdue_at" IS NULL;
-- An automatic item is opened once per deadline version (a redelivered rung never opens a second one).
CREATE UNIQUE INDEX "supervisions_auto_once_idx" ON "supervisions"("deadline_id","deadline_version") WHERE "auto";
