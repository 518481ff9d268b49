-- Issue 16 §3–4: decisions told to online filers by SMS (the notice obligation as a clock kind `decisionNotice`, met by
-- delivery) and single-use 回访 links (only the token's hash is stored).
CREATE TABLE "rating_tokens" (
    "token_hash" TEXT NOT NULL,
    "case_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    CONSTRAINT "rating_tokens_pkey" PRIMARY KEY ("token_hash"),
    CONSTRAINT "rating_tokens_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE
);
CREATE INDEX "rating_tokens_case_id_idx" ON "rating_tokens"("case_id");

INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES
  (gen_random_uuid(), 'LOCAL', 'complaint', 'decisionNotice', 1, 'workingDays', 'webDecision',
   '本局规定：网上投诉的受理、不予受理、终止调解、办结决定，作出决定之日起1个工作日内以短信告知投诉人（《市场监督管理投诉举报处理办法》第十五条、第二十三条）',
   DATE '2020-01-01', NULL, true, 1, '[{"rung":"due","offset":0},{"rung":"supervise","offset":1}]'::jsonb),
  (gen_random_uuid(), 'LOCAL', 'report', 'decisionNotice', 1, 'workingDays', 'webDecision',
   '本局规定：网上实名举报的是否立案决定，作出决定之日起1个工作日内以短信告知举报人',
   DATE '2020-01-01', NULL, true, 1, '[{"rung":"due","offset":0},{"rung":"supervise","offset":1}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;
