-- The rollup's inbox takes only the events that count something themselves (COUNTED_TYPES in
-- libs/analytics/src/domain/fold.ts; a test compares the two lists). A registration's clock arming and
-- registration events (five in six of its events) were queued, read and deleted for nothing: the rollup reads a
-- case's earlier events from case_events as the history of a counted one. The worker is woken only when something
-- was queued.
CREATE OR REPLACE FUNCTION "analytics_enqueue_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "analytics_inbox" ("event_id", "case_id", "seq")
    SELECT n."id", n."case_id", n."seq" FROM new_rows n
    WHERE n."type" IN ('CaseDispatched', 'CaseReturned', 'DeadlineMet', 'DeadlineOverdue', 'CaseClosed', 'CaseDeclined', 'CallbackRecorded')
    ORDER BY n."case_id", n."seq"
    ON CONFLICT ("event_id") DO NOTHING;
  IF FOUND THEN
    PERFORM pg_notify('fangxin_analytics', '');
  END IF;
  RETURN NULL;
END $$;
