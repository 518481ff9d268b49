-- A case number is digits: the year and a sequence number (PrismaCaseRepository.nextCaseNo). The case list relies on
-- it: a q with any other character cannot be a case number's prefix, so its searches leave the prefix part out
-- (PrismaCaseViews, qParts). Added unchecked, then validated (one scan; writes are not blocked meanwhile).
ALTER TABLE "cases" ADD CONSTRAINT "cases_case_no_digits_check" CHECK ("case_no" ~ '^[0-9]+$') NOT VALID;
ALTER TABLE "cases" VALIDATE CONSTRAINT "cases_case_no_digits_check";
