-- Issue 16 "SMS, for real": outbound messages, written with an outbox entry (topic `sms.send`) in the transaction
-- that decides to send, delivered by the worker's `sms` queue with retries. Additive: a new table only.
CREATE TABLE "sms_messages" (
  "id" UUID NOT NULL DEFAULT gen_random_uuid(),
  "to_phone" TEXT NOT NULL,
  "template" TEXT NOT NULL,
  "params" JSONB NOT NULL,
  "text" TEXT NOT NULL,
  "purpose" TEXT NOT NULL,
  "case_id" UUID,
  "status" TEXT NOT NULL DEFAULT 'queued',
  "attempts" INTEGER NOT NULL DEFAULT 0,
  "last_error" TEXT,
  "channel" TEXT,
  "provider_id" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "sent_at" TIMESTAMPTZ(3),
  CONSTRAINT "sms_messages_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sms_messages_to_phone_created_at_idx" ON "sms_messages" ("to_phone", "created_at");
CREATE INDEX "sms_messages_status_created_at_idx" ON "sms_messages" ("status", "created_at");
CREATE INDEX "sms_messages_case_id_idx" ON "sms_messages" ("case_id");
