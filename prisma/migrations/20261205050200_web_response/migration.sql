-- Issue 16 §3: 投诉举报24小时回应 for online filings — a clock kind `webResponse` (24 clock hours from the receipt of a
-- filing on channel `web`, met by the handling unit's first contact) and the indicator 24小时回应率 in the rollup.
ALTER TABLE "analytics_unit_days"
  ADD COLUMN "respond_due" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "respond_on_time" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "analytics_unit_months"
  ADD COLUMN "respond_due" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "respond_on_time" INTEGER NOT NULL DEFAULT 0;

INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES
  (gen_random_uuid(), 'LOCAL', 'complaint', 'webResponse', 24, 'hours', 'webReceipt', '本局承诺：网上投诉举报24小时内回应（承办单位首次联系投诉人）',
   DATE '2020-01-01', NULL, true, 1,
   '[{"rung":"warn","offset":-4},{"rung":"due","offset":0},{"rung":"remind","offset":2},{"rung":"supervise","offset":8}]'::jsonb),
  (gen_random_uuid(), 'LOCAL', 'report', 'webResponse', 24, 'hours', 'webReceipt', '本局承诺：网上投诉举报24小时内回应（承办单位首次联系举报人）',
   DATE '2020-01-01', NULL, true, 1,
   '[{"rung":"warn","offset":-4},{"rung":"due","offset":0},{"rung":"remind","offset":2},{"rung":"supervise","offset":8}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;
