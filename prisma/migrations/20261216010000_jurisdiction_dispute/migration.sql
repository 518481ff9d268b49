-- 管辖争议 (O121 Art. 33; RCF Art. 14): the unit holding a case says another unit is competent (or both claim it);
-- the two negotiate within 7 working days of the dispute, failing which their common superior designates one. The
-- open dispute lives on the case (a nullable jsonb: the other unit, the common superior, the reason, when and by whom);
-- its time limit is a clock of the engine like any step (step jurisdictionDispute, started at `dispute`). Additive.
ALTER TABLE "cases" ADD COLUMN "jurisdiction_dispute" JSONB;

-- Warn two working days before, overdue at the due date, and supervised at once by the common superior (for this step
-- the supervise rung goes to it): 协商不成的，报请共同的上一级指定管辖 (it sees the case and designates). Cases received under O20 (before
-- 2026-04-15) follow the same 7 working days of the penalty-procedure rules (O20 itself has no clause for disputes).
INSERT INTO "time_limit_policies" ("id", "regime", "case_type", "step", "amount", "unit", "starts_at", "legal_basis",
                                   "effective_from", "effective_to", "enabled", "version", "ladder")
VALUES
  (gen_random_uuid(), 'O121', 'complaint', 'jurisdictionDispute', 7, 'workingDays', 'dispute',
   '《市场监督管理投诉举报处理办法》第三十三条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖',
   DATE '2026-04-15', NULL, true, 1, '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":0}]'::jsonb),
  (gen_random_uuid(), 'O121', 'report', 'jurisdictionDispute', 7, 'workingDays', 'dispute',
   '《市场监督管理投诉举报处理办法》第三十三条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖',
   DATE '2026-04-15', NULL, true, 1, '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":0}]'::jsonb),
  (gen_random_uuid(), 'O20', 'complaint', 'jurisdictionDispute', 7, 'workingDays', 'dispute',
   '《市场监督管理行政处罚程序规定》第十四条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖',
   DATE '2020-01-01', DATE '2026-04-14', true, 1, '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":0}]'::jsonb),
  (gen_random_uuid(), 'O20', 'report', 'jurisdictionDispute', 7, 'workingDays', 'dispute',
   '《市场监督管理行政处罚程序规定》第十四条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖',
   DATE '2020-01-01', DATE '2026-04-14', true, 1, '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":0}]'::jsonb)
ON CONFLICT ("regime", "case_type", "step", "effective_from") DO NOTHING;
