-- Issue 15 §1 (lists that do not grow with history): the notification bell, polled every 20 s by every signed-in
-- user, read every notification id the user had ever read and counted the unit's whole history of notifications
-- against them. A user's "全部已读" is one row now: everything of theirs delivered by read_before is read, so the
-- unread count walks only what was delivered after it (and stops at 100: the bell shows 99+). Additive.
CREATE TABLE IF NOT EXISTS "notification_read_marks" (
  "user_id" UUID NOT NULL,
  "read_before" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "notification_read_marks_pkey" PRIMARY KEY ("user_id")
);
