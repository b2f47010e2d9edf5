-- The sync server's store (SQLite 3.40, WAL). Each record table keeps the columns the server
-- queries by, plus the whole protobuf record in `body`. Times are Unix milliseconds.
-- Migrations never contain BEGIN or COMMIT: the runner applies all missing steps in one
-- transaction.

CREATE TABLE councils (
  id TEXT PRIMARY KEY,
  body BLOB NOT NULL
);

CREATE TABLE wards (
  id TEXT PRIMARY KEY,
  body BLOB NOT NULL
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role INTEGER NOT NULL,
  ward_id TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0,
  body BLOB NOT NULL
);

-- Secrets are stored only as hashes.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  secret_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX devices_by_user ON devices (user_id);

CREATE TABLE enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE TABLE access_tokens (
  token_hash TEXT PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices (id),
  expires_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_by_device ON access_tokens (device_id);

CREATE TABLE residents (
  id TEXT PRIMARY KEY,
  ward_id TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  body BLOB NOT NULL
);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  resident_id TEXT NOT NULL REFERENCES residents (id),
  status INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  body BLOB NOT NULL
);
CREATE INDEX cases_by_resident ON cases (resident_id);

CREATE TABLE referrals (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases (id),
  resident_id TEXT REFERENCES residents (id),
  referrer_user_id TEXT NOT NULL DEFAULT '',
  status INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  body BLOB NOT NULL
);
CREATE INDEX referrals_by_case ON referrals (case_id);
CREATE INDEX referrals_by_referrer ON referrals (referrer_user_id);

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  officer_user_id TEXT NOT NULL,
  status INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  window_end INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  body BLOB NOT NULL
);
CREATE INDEX visits_by_officer ON visits (officer_user_id, window_start);
CREATE INDEX visits_by_case ON visits (case_id);

CREATE TABLE case_events (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id),
  kind INTEGER NOT NULL,
  occurred_at INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, occurred_at);

CREATE TABLE form_definitions (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (id, version)
);

-- The one server-ordered log of every change. A pull reads it from the device's cursor,
-- filtered by the device's scope; case_id lets scoping avoid decoding bodies.
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_type INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  case_id TEXT NOT NULL DEFAULT '',
  changed_at INTEGER NOT NULL
);
CREATE INDEX change_log_by_record ON change_log (record_type, record_id);

-- Every mutation applied, keyed by its client-made id: the record that makes push
-- exactly-once. `result` is the MutationResult sent back, replayed for duplicates.
CREATE TABLE applied_mutations (
  mutation_id TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  result BLOB NOT NULL
);
