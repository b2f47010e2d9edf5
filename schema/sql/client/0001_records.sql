-- The app's store (SQLCipher 3.4.1, which embeds SQLite 3.15.2: no UPSERT, no RETURNING,
-- no window functions, no JSON1, no FTS5). Every page of this file is encrypted.
--
-- Each record table keeps the columns the app queries by, plus the whole protobuf record in
-- `body`, so a new field in a .proto needs no migration here. Times are Unix milliseconds.
-- Migrations never contain BEGIN or COMMIT: the runner applies all missing steps in one
-- transaction.

CREATE TABLE wards (
  id TEXT PRIMARY KEY,
  body BLOB NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  role INTEGER NOT NULL,
  body BLOB NOT NULL
);

CREATE TABLE residents (
  id TEXT PRIMARY KEY,
  ward_id TEXT,
  family_name TEXT NOT NULL DEFAULT '',
  given_name TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 0,
  body BLOB NOT NULL
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  resident_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  body BLOB NOT NULL
);
CREATE INDEX cases_by_resident ON cases (resident_id);

CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  case_id TEXT,
  resident_id TEXT,
  status INTEGER NOT NULL,
  received_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 0,
  body BLOB NOT NULL
);
CREATE INDEX referrals_by_case ON referrals (case_id);

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  officer_user_id TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  body BLOB NOT NULL
);
CREATE INDEX visits_by_window ON visits (window_start);
CREATE INDEX visits_by_case ON visits (case_id);

-- The append-only case timeline. Events made on this device are written here and to the
-- outbox in one transaction.
CREATE TABLE case_events (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  kind INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, occurred_at);

CREATE TABLE form_definitions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (id, version)
);

-- Local changes waiting for the server, in the order they were made.
-- state: 0 pending, 1 quarantined (rejected by the server; kept and shown, never deleted unseen).
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  state INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code INTEGER NOT NULL DEFAULT 0,
  error_message TEXT NOT NULL DEFAULT '',
  body BLOB NOT NULL
);
CREATE INDEX outbox_by_state ON outbox (state, seq);

-- Forms and visit flows in progress, saved on every answer so a crash loses nothing.
CREATE TABLE drafts (
  id TEXT PRIMARY KEY,
  visit_id TEXT,
  form_id TEXT,
  form_version INTEGER,
  updated_at INTEGER NOT NULL,
  body BLOB NOT NULL
);

-- Small named values: the pull cursor, last successful sync, device identity.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
