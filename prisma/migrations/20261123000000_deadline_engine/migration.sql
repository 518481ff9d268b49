-- Deadline engine (issue 3): pauses, extensions, ladders, notifications, calendar journal.

ALTER TABLE "time_limit_policies"
  ADD COLUMN "ladder" JSONB,
  ADD COLUMN "pause_reasons" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "max_extensions" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "max_extension_units" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "extension_basis" TEXT;

ALTER TABLE "deadlines" ADD COLUMN "start_at" TIMESTAMPTZ(3);
UPDATE "deadlines" SET "start_at" = ("start_date"::timestamp AT TIME ZONE 'Asia/Shanghai') WHERE "start_at" IS NULL;
ALTER TABLE "deadlines" ALTER COLUMN "start_at" SET NOT NULL;
ALTER TABLE "deadlines" ADD COLUMN "extended" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "deadlines" DROP CONSTRAINT "deadlines_state_check";
ALTER TABLE "deadlines" ADD CONSTRAINT "deadlines_state_check" CHECK ("state" IN ('running','paused','met','overdue','cancelled'));

CREATE TABLE "deadline_pauses" (
  "id" UUID NOT NULL,
  "deadline_id" UUID NOT NULL,
  "reason" TEXT NOT NULL,
  "evidence" TEXT,
  "note" TEXT,
  "paused_at" TIMESTAMPTZ(3) NOT NULL,
  "paused_by" UUID,
  "resumed_at" TIMESTAMPTZ(3),
  "resumed_by" UUID,
  CONSTRAINT "deadline_pauses_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "deadline_pauses_deadline_id_fkey" FOREIGN KEY ("deadline_id") REFERENCES "deadlines"("id") ON DELETE RESTRICT
);
CREATE INDEX "deadline_pauses_deadline_id_idx" ON "deadline_pauses"("deadline_id");
-- At most one open pause per clock.
CREATE UNIQUE INDEX "deadline_pauses_one_open" ON "deadline_pauses"("deadline_id") WHERE "resumed_at" IS NULL;

CREATE TABLE "deadline_extensions" (
  "id" UUID NOT NULL,
  "deadline_id" UUID NOT NULL,
  "amount" INTEGER NOT NULL,
  "reason" TEXT NOT NULL,
  "requested_at" TIMESTAMPTZ(3) NOT NULL,
  "requested_by" UUID NOT NULL,
  "last_minute" BOOLEAN NOT NULL DEFAULT false,
  "status" TEXT NOT NULL,
  "decided_at" TIMESTAMPTZ(3),
  "decided_by" UUID,
  "decision_note" TEXT,
  CONSTRAINT "deadline_extensions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "deadline_extensions_status_check" CHECK ("status" IN ('pending','approved','rejected')),
  CONSTRAINT "deadline_extensions_amount_check" CHECK ("amount" > 0),
  CONSTRAINT "deadline_extensions_deadline_id_fkey" FOREIGN KEY ("deadline_id") REFERENCES "deadlines"("id") ON DELETE RESTRICT
);
CREATE INDEX "deadline_extensions_deadline_id_idx" ON "deadline_extensions"("deadline_id");
CREATE INDEX "deadline_extensions_status_idx" ON "deadline_extensions"("status");

CREATE TABLE "notifications" (
  "id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "role" TEXT,
  "case_id" UUID,
  "deadline_id" UUID,
  "kind" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "body" TEXT NOT NULL,
  "urgent" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "deliver_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "notifications_unit_id_deliver_at_idx" ON "notifications"("unit_id","deliver_at");

CREATE TABLE "notification_reads" (
  "notification_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "read_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "notification_reads_pkey" PRIMARY KEY ("notification_id","user_id")
);

CREATE TABLE "calendar_changes" (
  "id" UUID NOT NULL,
  "year" INTEGER NOT NULL,
  "version" INTEGER NOT NULL,
  "action" TEXT NOT NULL,
  "detail" JSONB NOT NULL,
  "actor_id" UUID,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "recomputed" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "calendar_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "calendar_changes_year_idx" ON "calendar_changes"("year");
