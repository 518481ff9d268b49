-- Issue 3 item 1: time-limit policies are versioned data. Every state of a policy is kept, one row per version, by a
-- trigger so that no write path (admin edit, seed, upgrade migration, a manual fix) can change a policy unrecorded.
-- The acting user comes from the transaction setting `fangxin.actor_id` (set by the admin edit; null otherwise).
CREATE TABLE "time_limit_policy_versions" (
  "policy_id" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "snapshot" JSONB NOT NULL,
  "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "changed_by" UUID,
  CONSTRAINT "time_limit_policy_versions_pkey" PRIMARY KEY ("policy_id", "version"),
  CONSTRAINT "time_limit_policy_versions_policy_id_fkey" FOREIGN KEY ("policy_id") REFERENCES "time_limit_policies"("id") ON DELETE CASCADE,
  CONSTRAINT "time_limit_policy_versions_changed_by_fkey" FOREIGN KEY ("changed_by") REFERENCES "users"("id") ON DELETE SET NULL
);

CREATE FUNCTION "time_limit_policy_journal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "time_limit_policy_versions" ("policy_id", "version", "snapshot", "changed_by")
  VALUES (NEW."id", NEW."version", to_jsonb(NEW) - 'id' - 'version',
          NULLIF(current_setting('fangxin.actor_id', true), '')::uuid)
  -- a write that keeps the version (none does today) amends that version's record instead of failing
  ON CONFLICT ("policy_id", "version") DO UPDATE SET "snapshot" = EXCLUDED."snapshot", "changed_at" = now(),
    "changed_by" = COALESCE(EXCLUDED."changed_by", "time_limit_policy_versions"."changed_by");
  RETURN NULL;
END $$;
CREATE TRIGGER "time_limit_policies_journal" AFTER INSERT OR UPDATE ON "time_limit_policies"
  FOR EACH ROW EXECUTE FUNCTION "time_limit_policy_journal"();

-- The state each policy is in now is the first one on record (earlier versions were not kept before this).
INSERT INTO "time_limit_policy_versions" ("policy_id", "version", "snapshot", "changed_at")
SELECT p."id", p."version", to_jsonb(p) - 'id' - 'version', now() FROM "time_limit_policies" p;
