-- Issue 17 §5: the ODR enterprises' figures of a disclosure quarter, computed with its draft and frozen with its
-- release (the trigger disclosure_periods_frozen covers the new column too). NULL: computed before ODR figures existed.
ALTER TABLE "disclosure_periods" ADD COLUMN "odr_enterprises" JSONB;
