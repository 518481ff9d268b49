-- Issue 13 §1: down to the 市场监管所. Routing rules may name a township (9-digit code) or address keywords; the
-- respondent may carry its township code; a county may recall (收回) a case from its station. See docs/routing.md.
ALTER TABLE "cases" ADD COLUMN "respondent_township_code" TEXT;

ALTER TABLE "routing_rules"
  ADD COLUMN "township_code" TEXT,
  ADD COLUMN "address_keywords" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

ALTER TABLE "case_hops" DROP CONSTRAINT "case_hops_how_check";
ALTER TABLE "case_hops" ADD CONSTRAINT "case_hops_how_check"
  CHECK ("how" IN ('intake','dispatch','return','transfer','takeover','referral','recall'));
