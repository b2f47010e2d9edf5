-- Sync scope and field-level merge support for doorstep-server.

-- What each device has been sent and may still hold. A pull that meets a change to a record
-- outside the device's scope tells the device to evict it only when this table says the
-- device has it (0005 keeps the row until the device acknowledges the eviction).
CREATE TABLE device_records (
  device_id TEXT NOT NULL,
  record_type INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY (device_id, record_type, record_id)
) WITHOUT ROWID;

-- Every accepted version of a resident. A field-level merge compares the device's base version
-- with the current one to tell which fields the server changed since the device saw them.
CREATE TABLE resident_versions (
  resident_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (resident_id, version)
) WITHOUT ROWID;
