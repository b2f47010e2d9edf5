-- The notification outbox: what the server must tell people outside the app (a ward member
-- that the outcome of their referral is ready, a resident of a visit, a coordinator of an
-- overdue visit). Rows are written in the same transaction as the change that causes them,
-- and delivered afterwards by a sender (log or SMTP), with retries. A row is never deleted:
-- it is the record of what was sent, when, and what went wrong.
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  -- What it is about (a referral, a visit) and who it is for: one notification per kind,
  -- subject and recipient, however often the cause is replayed.
  about_id TEXT NOT NULL,
  recipient_user_id TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- NULL once delivered, or once it has failed too often (then last_error says why).
  next_attempt_at INTEGER,
  delivered_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (kind, about_id, recipient_user_id, address)
);
CREATE INDEX notifications_due ON notifications (next_attempt_at)
  WHERE next_attempt_at IS NOT NULL;
