-- Issue 11 §4–5: an auditor role; identity reads record where from (client address), what was read, and
-- identity searches (which may match no case: case_id NULL).
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("role" IN ('operator','handler','leader','manager','admin','auditor'));

ALTER TABLE "identity_reads" ALTER COLUMN "case_id" DROP NOT NULL;
ALTER TABLE "identity_reads" ADD COLUMN "ip" TEXT;
ALTER TABLE "identity_reads" ADD COLUMN "fields" TEXT NOT NULL DEFAULT 'name,phone,address';
ALTER TABLE "identity_reads" ADD COLUMN "query" TEXT;
CREATE INDEX "identity_reads_at_idx" ON "identity_reads"("at");
CREATE INDEX "identity_reads_user_id_at_idx" ON "identity_reads"("user_id","at");
