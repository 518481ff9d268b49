-- 问题类别 of the 12315 statistics (domain.md §7) as reference data in the database, like the categories: production
-- code (analytics' hotspots) reads the names here instead of importing the seed's constants (issue 12 §4).
CREATE TABLE "problem_types" (
  "code" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "sort_order" INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT "problem_types_pkey" PRIMARY KEY ("code")
);

INSERT INTO "problem_types" ("code", "name", "sort_order") VALUES
  ('P01', '质量', 1), ('P02', '售后服务', 2), ('P03', '合同', 3), ('P04', '食品安全', 4), ('P05', '广告', 5), ('P06', '价格', 6),
  ('P07', '安全', 7), ('P08', '计量', 8), ('P09', '假冒', 9), ('P10', '虚假宣传', 10), ('P11', '人格尊严', 11), ('P12', '其他', 12)
ON CONFLICT ("code") DO NOTHING;
