-- Issue 16, public filing and tracking. Additive: two new tables.
-- One-time SMS codes (HMAC-hashed, expiring, single use; wrong tries are counted in Redis).
CREATE TABLE "sms_codes" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "phone" TEXT NOT NULL,
  "purpose" TEXT NOT NULL,
  "code_hash" TEXT NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "used_at" TIMESTAMPTZ(3),
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "sms_codes_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "sms_codes_purpose_check" CHECK ("purpose" IN ('file','track'))
);
CREATE INDEX "sms_codes_phone_purpose_created_at_idx" ON "sms_codes" ("phone", "purpose", "created_at");

-- Cases filed online: the query code's argon2 hash, the proven phone, and the fingerprint that recognises the same
-- filing sent twice; the sealed (AES-GCM) query code is cleared once the duplicate window has passed.
CREATE TABLE "public_filings" (
  "case_id" UUID NOT NULL,
  "phone" TEXT NOT NULL,
  "fingerprint" TEXT NOT NULL,
  "query_code_hash" TEXT NOT NULL,
  "query_code_sealed" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "public_filings_pkey" PRIMARY KEY ("case_id"),
  CONSTRAINT "public_filings_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE
);
CREATE INDEX "public_filings_fingerprint_created_at_idx" ON "public_filings" ("fingerprint", "created_at");
