-- Issue 12: one word per concept. A clock's own word — what `time_limit_policies.step` names (acceptance, mediation,
-- progressReport, …) — was `deadlines.kind`; it is `deadlines.step` now, from the database to the engine's code. A
-- rename is a catalog change only (no table rewrite, no lock held beyond the statement); the migration runs before
-- the new processes start, and no view, function or trigger refers to the old name. The API keeps its field `kind`
-- (the clients' contract).
ALTER TABLE "deadlines" RENAME COLUMN "kind" TO "step";
ALTER INDEX "deadlines_case_id_kind_key" RENAME TO "deadlines_case_id_step_key";
