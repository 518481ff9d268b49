-- A case number is digits: the year and a sequence number (PrismaCaseRepository.nextCaseNo). The case list relies on
-- it: a q with any other character cannot be a case number's prefix, so its searches leave the prefix part out
-- (PrismaCaseViews, qParts). Validated by one scan of the table, inside this migration's transaction: writes to cases
-- wait for it (about a second at 1,000,000 cases).
ALTER TABLE "cases" ADD CONSTRAINT "cases_case_no_digits_check" CHECK ("case_no" ~ '^[0-9]+$') NOT VALID;
ALTER TABLE "cases" VALIDATE CONSTRAINT "cases_case_no_digits_check";
