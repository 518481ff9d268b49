-- Hand-offs, reports and inquiries (issue 4): per-hop attribution, case links, reporter identity audit,
-- new case columns. Hand-written; must match prisma/schema.prisma. See docs/routing.md.

ALTER TABLE "cases"
  ADD COLUMN "real_name" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "violation_region_code" TEXT,
  ADD COLUMN "return_count" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "returned_from_unit_id" UUID,
  ADD COLUMN "unit_trail" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
  ADD COLUMN "ping_pong" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "report_decision" TEXT,
  ADD COLUMN "transferred_out_to" TEXT,
  ADD COLUMN "answer" TEXT,
  ADD COLUMN "merged_into_id" UUID,
  ADD CONSTRAINT "cases_report_decision_check" CHECK ("report_decision" IS NULL OR "report_decision" IN ('fileCase','noCase'));

CREATE TABLE "case_hops" (
  "id" UUID NOT NULL,
  "case_id" UUID NOT NULL,
  "seq" INTEGER NOT NULL,
  "unit_id" UUID NOT NULL,
  "how" TEXT NOT NULL,
  "opened_at" TIMESTAMPTZ(3) NOT NULL,
  "opened_by" UUID,
  "signed_at" TIMESTAMPTZ(3),
  "closed_at" TIMESTAMPTZ(3),
  "closed_by" UUID,
  "close_reason" TEXT,
  CONSTRAINT "case_hops_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "case_hops_how_check" CHECK ("how" IN ('intake','dispatch','return','transfer','takeover','referral')),
  CONSTRAINT "case_hops_closed_check" CHECK ("closed_at" IS NULL OR "closed_at" >= "opened_at"),
  CONSTRAINT "case_hops_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT,
  CONSTRAINT "case_hops_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "case_hops_case_id_seq_key" ON "case_hops"("case_id","seq");
CREATE INDEX "case_hops_unit_id_opened_at_idx" ON "case_hops"("unit_id","opened_at");
-- At most one open hop per case.
CREATE UNIQUE INDEX "case_hops_one_open_idx" ON "case_hops"("case_id") WHERE "closed_at" IS NULL;

CREATE TABLE "case_links" (
  "case_id" UUID NOT NULL,
  "other_case_id" UUID NOT NULL,
  "kind" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "created_by" UUID,
  CONSTRAINT "case_links_pkey" PRIMARY KEY ("case_id","other_case_id","kind"),
  CONSTRAINT "case_links_kind_check" CHECK ("kind" IN ('complaintReport','convertedFrom','convertedTo','mergedInto','mergedFrom','repeatOf','repeatedBy')),
  CONSTRAINT "case_links_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT,
  -- Deferred: a complaint+report pair is inserted in one transaction, each linking to the other.
  CONSTRAINT "case_links_other_case_id_fkey" FOREIGN KEY ("other_case_id") REFERENCES "cases"("id") ON DELETE RESTRICT DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE "identity_reads" (
  "id" BIGSERIAL NOT NULL,
  "case_id" UUID NOT NULL,
  "user_id" UUID NOT NULL,
  "unit_id" UUID NOT NULL,
  "role" TEXT NOT NULL,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "via" TEXT NOT NULL,
  CONSTRAINT "identity_reads_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "identity_reads_case_id_at_idx" ON "identity_reads"("case_id","at");
-- Audit is evidence: append-only, like case_events.
CREATE TRIGGER "identity_reads_no_update" BEFORE UPDATE OR DELETE ON "identity_reads"
  FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();

-- Backfill hops of existing cases from their timeline: each hand-off opens a hop that lasts until the next
-- hand-off or the end of handling (closed/declined).
WITH handoffs AS (
  SELECT e.case_id, e.seq, e.at, e.actor_id, (e.data->>'toUnitId')::uuid AS unit_id,
         lead(e.at) OVER w AS next_at, lead(e.actor_id) OVER w AS next_by
  FROM case_events e
  WHERE e.type = 'CaseDispatched'
  WINDOW w AS (PARTITION BY e.case_id ORDER BY e.seq)
), ends AS (
  SELECT case_id, min(at) AS at FROM case_events WHERE type IN ('CaseClosed','CaseDeclined') GROUP BY case_id
), signs AS (
  SELECT case_id, min(at) AS at FROM case_events WHERE type = 'CaseSigned' GROUP BY case_id
)
INSERT INTO "case_hops" ("id","case_id","seq","unit_id","how","opened_at","opened_by","signed_at","closed_at","closed_by","close_reason")
SELECT gen_random_uuid(), h.case_id, row_number() OVER (PARTITION BY h.case_id ORDER BY h.seq), h.unit_id, 'dispatch', h.at, h.actor_id,
       CASE WHEN s.at >= h.at AND (h.next_at IS NULL OR s.at <= h.next_at) THEN s.at END,
       COALESCE(h.next_at, en.at), CASE WHEN h.next_at IS NOT NULL THEN h.next_by END,
       CASE WHEN h.next_at IS NOT NULL THEN 'dispatched' WHEN en.at IS NOT NULL THEN 'closed' END
FROM handoffs h LEFT JOIN ends en ON en.case_id = h.case_id LEFT JOIN signs s ON s.case_id = h.case_id
WHERE h.unit_id IS NOT NULL;
