-- Each pull forgets the evictions the device has acknowledged; this keeps that delete to the
-- rows with an eviction outstanding instead of every record the device holds (as 0012 of the
-- SQLite store).
CREATE INDEX device_records_evicted ON device_records (device_id, evicted_at_seq)
  WHERE evicted_at_seq IS NOT NULL;
