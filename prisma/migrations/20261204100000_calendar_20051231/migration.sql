-- Issue 14 item 4: the 2006 notice (国办发明电〔2005〕33号) makes Saturday 2005-12-31 a working day (元旦调休), but the
-- calendar seeded from chinese-days@1.5.7 lacks it, so it counted as rest. Existing databases get the day here; new
-- ones from the seed (calendarEntriesFromChineseDays adds it). A day an admin already set is overwritten: the notice rules.
INSERT INTO "calendar_days" ("region", "date", "kind", "name")
VALUES ('', DATE '2005-12-31', 'workday', '元旦')
ON CONFLICT ("region", "date") DO UPDATE SET "kind" = 'workday', "name" = '元旦';
