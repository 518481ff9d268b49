-- Issue 16 §5: 消费投诉信息公示 per quarter (draft → released, frozen) and the publication of 消费警示.
ALTER TABLE "consumer_warnings" ADD COLUMN "published_at" TIMESTAMPTZ(3), ADD COLUMN "published_by" UUID;

CREATE TABLE "disclosure_periods" (
    "period" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "businesses" JSONB NOT NULL DEFAULT '[]',
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "computed_by" UUID NOT NULL,
    "released_at" TIMESTAMPTZ(3),
    "released_by" UUID,
    CONSTRAINT "disclosure_periods_pkey" PRIMARY KEY ("period"),
    CONSTRAINT "disclosure_periods_period_check" CHECK ("period" ~ '^[0-9]{4}Q[1-4]$'),
    CONSTRAINT "disclosure_periods_status_check" CHECK ("status" IN ('draft', 'released'))
);

-- A released period is frozen: no update may change it, and it cannot be deleted.
CREATE FUNCTION "disclosure_periods_frozen"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."status" = 'released' THEN
    RAISE EXCEPTION 'disclosure period % is released and frozen', OLD."period" USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "disclosure_periods_frozen" BEFORE UPDATE OR DELETE ON "disclosure_periods"
  FOR EACH ROW EXECUTE FUNCTION "disclosure_periods_frozen"();
