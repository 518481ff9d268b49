-- The tables that grow without bound — the case timeline (case_events), the deadline firing journal
-- (deadline_firings) and the outbox — become natively partitioned by month (docs/scaling.md, "PostgreSQL").
-- Months are China months (partition bounds at 00:00 Asia/Shanghai). Each table gets a DEFAULT partition (rows of a
-- month without its own partition: old or far-future instants) and a partition per month from its oldest row to
-- three months ahead; the migration runner (libs/platform/src/db/migrator.ts) creates the months ahead each time it
-- runs, with fangxin_month_partitions() below.
--
-- Keys. A primary key of a partitioned table must hold the partition key: case_events' becomes (id, at),
-- deadline_firings' (deadline_id, version, rung, fired_at), outbox's (id, created_at) — ids stay unique by
-- construction (random UUIDs, a sequence). The two keys that guard correctness cannot include a time, so they are
-- unique indexes on every partition (copied from the default partition to each new one):
--   case_events (case_id, seq) — and every writer appends under the case's row lock (the version check of a save,
--     FOR UPDATE in the deadline firing), so two months never see the same seq of one case either;
--   deadline_firings (deadline_id, version, rung) — the exactly-once claim: ON CONFLICT DO NOTHING arbitrates on the
--     partition's unique index, and both claimers (case rungs and report-due rungs) also check NOT EXISTS across all
--     partitions in the claiming statement, taken after the lock that serializes claimers of one rung.
-- Conversion: the old table is renamed, its rows are copied into the partitioned one (one transaction: the runner
-- wraps each migration), then it is dropped. Triggers are re-created on the new table (the analytics enqueue trigger
-- is not on the copy: those events are in the rollup already). Nothing references these tables by foreign key.

-- Creates the partitions of `months` China months from `first_month` (those missing), each with the local
-- indexes of the table's default partition (`<table>_default`; indexes not attached to a parent index). A month
-- whose rows already sit in the default partition is left there (creating its partition would fail). Returns the
-- number of partitions created.
CREATE FUNCTION "fangxin_month_partitions"(parent regclass, first_month date, months int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  tbl text := (SELECT relname FROM pg_class WHERE oid = parent);
  def regclass := to_regclass(format('%I', tbl || '_default'));
  key text;
  m date;
  lo timestamptz;
  hi timestamptz;
  part text;
  taken boolean;
  idx record;
  n int := 0;
BEGIN
  IF def IS NULL THEN RAISE EXCEPTION 'fangxin_month_partitions: % has no default partition %_default', tbl, tbl; END IF;
  SELECT a.attname INTO key FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
   WHERE p.partrelid = parent;
  FOR i IN 0 .. months - 1 LOOP
    m := (date_trunc('month', first_month) + make_interval(months => i))::date;
    part := format('%s_%s', tbl, to_char(m, 'YYYY_MM'));
    CONTINUE WHEN to_regclass(format('%I', part)) IS NOT NULL;
    lo := m::timestamp AT TIME ZONE 'Asia/Shanghai';
    hi := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai';
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s WHERE %I >= $1 AND %I < $2)', def, key, key) INTO taken USING lo, hi;
    CONTINUE WHEN taken;
    EXECUTE format('CREATE TABLE %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)', part, parent, lo, hi);
    FOR idx IN
      SELECT pg_get_indexdef(i.indexrelid) AS ddl FROM pg_index i
       WHERE i.indrelid = def AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = i.indexrelid)
    LOOP
      EXECUTE replace(idx.ddl, tbl || '_default', part);
    END LOOP;
    n := n + 1;
  END LOOP;
  RETURN n;
END $$;

-- Partitions for every China month from `oldest` (a table's oldest row before partitioning) to 3 months ahead.
CREATE FUNCTION "fangxin_month_partitions_since"(parent regclass, oldest timestamptz) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  first date := date_trunc('month', LEAST(coalesce(oldest, now()), now()) AT TIME ZONE 'Asia/Shanghai')::date;
  this date := date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date;
BEGIN
  RETURN "fangxin_month_partitions"(parent, first,
    ((extract(year FROM this) - extract(year FROM first)) * 12 + extract(month FROM this) - extract(month FROM first))::int + 4);
END $$;

-- ---- case_events, by "at" ----
ALTER TABLE "case_events" RENAME TO "case_events_old";
ALTER TABLE "case_events_old" RENAME CONSTRAINT "case_events_pkey" TO "case_events_old_pkey";
ALTER INDEX "case_events_case_id_seq_key" RENAME TO "case_events_old_case_id_seq_key";
ALTER TABLE "case_events_old" RENAME CONSTRAINT "case_events_case_id_fkey" TO "case_events_old_case_id_fkey";
DROP TRIGGER "case_events_analytics_enqueue" ON "case_events_old";
CREATE TABLE "case_events" (LIKE "case_events_old" INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ("at");
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_pkey" PRIMARY KEY ("id", "at");
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT;
CREATE TABLE "case_events_default" PARTITION OF "case_events" DEFAULT;
CREATE UNIQUE INDEX "case_events_default_case_id_seq_key" ON "case_events_default"("case_id", "seq");
SELECT "fangxin_month_partitions_since"('case_events', (SELECT min("at") FROM "case_events_old"));
INSERT INTO "case_events" SELECT * FROM "case_events_old";
DROP TABLE "case_events_old";
CREATE TRIGGER "case_events_no_update" BEFORE UPDATE OR DELETE ON "case_events"
  FOR EACH ROW EXECUTE FUNCTION "case_events_append_only"();
CREATE TRIGGER "case_events_analytics_enqueue" AFTER INSERT ON "case_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "analytics_enqueue_events"();

-- ---- deadline_firings, by "fired_at" ----
ALTER TABLE "deadline_firings" RENAME TO "deadline_firings_old";
ALTER TABLE "deadline_firings_old" RENAME CONSTRAINT "deadline_firings_pkey" TO "deadline_firings_old_pkey";
CREATE TABLE "deadline_firings" (LIKE "deadline_firings_old" INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ("fired_at");
ALTER TABLE "deadline_firings" ADD CONSTRAINT "deadline_firings_pkey" PRIMARY KEY ("deadline_id", "version", "rung", "fired_at");
CREATE TABLE "deadline_firings_default" PARTITION OF "deadline_firings" DEFAULT;
CREATE UNIQUE INDEX "deadline_firings_default_claim_key" ON "deadline_firings_default"("deadline_id", "version", "rung");
SELECT "fangxin_month_partitions_since"('deadline_firings', (SELECT min("fired_at") FROM "deadline_firings_old"));
INSERT INTO "deadline_firings" SELECT * FROM "deadline_firings_old";
DROP TABLE "deadline_firings_old";

-- ---- outbox, by "created_at" (never purged: it grows with every command) ----
ALTER TABLE "outbox" RENAME TO "outbox_old";
ALTER TABLE "outbox_old" RENAME CONSTRAINT "outbox_pkey" TO "outbox_old_pkey";
ALTER INDEX "outbox_dispatched_at_id_idx" RENAME TO "outbox_old_dispatched_at_id_idx";
ALTER INDEX "outbox_pending_idx" RENAME TO "outbox_old_pending_idx";
-- the id sequence belongs to the column: keep it when the old table goes
ALTER SEQUENCE "outbox_id_seq" OWNED BY NONE;
CREATE TABLE "outbox" (LIKE "outbox_old" INCLUDING DEFAULTS INCLUDING STORAGE INCLUDING COMMENTS) PARTITION BY RANGE ("created_at");
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_pkey" PRIMARY KEY ("id", "created_at");
CREATE INDEX "outbox_dispatched_at_id_idx" ON "outbox"("dispatched_at", "id");
CREATE INDEX "outbox_pending_idx" ON "outbox"("id") WHERE "dispatched_at" IS NULL;
CREATE TABLE "outbox_default" PARTITION OF "outbox" DEFAULT;
SELECT "fangxin_month_partitions_since"('outbox', (SELECT min("created_at") FROM "outbox_old"));
INSERT INTO "outbox" SELECT * FROM "outbox_old";
DROP TABLE "outbox_old";
ALTER SEQUENCE "outbox_id_seq" OWNED BY "outbox"."id";
