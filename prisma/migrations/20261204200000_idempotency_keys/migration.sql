-- Issue 11 §6: acknowledgement vs commit. A creating POST may carry an `Idempotency-Key`; the first result is kept
-- here (per user and key) and a retry with the same key gets it back instead of creating a duplicate. Registration
-- writes `resource` in the same statement as the case, so a case that committed but whose response was lost (the
-- API killed, the read-back failed) is found again by the retry. Rows are kept 48 hours.
CREATE TABLE "idempotency_keys" (
  "user_id" UUID NOT NULL,
  "key" TEXT NOT NULL,
  "method" TEXT NOT NULL,
  "path" TEXT NOT NULL,
  "request_hash" TEXT NOT NULL,
  "status" INTEGER,
  "response" JSONB,
  "resource" JSONB,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "completed_at" TIMESTAMPTZ(3),
  CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key")
);
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" ("created_at");
