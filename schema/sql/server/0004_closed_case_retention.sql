-- Closed cases stay on officers' devices for the council's retention period
-- (Council.closed_case_retention_days), then a pull sweeps them: it re-logs the case's records
-- once, so every device that holds them is told to evict them.
-- closed_at is Unix milliseconds (0 for a case closed before this migration: already past
-- retention, so the first sweep evicts it, as closure did before).
ALTER TABLE cases ADD COLUMN closed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN retention_swept INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_awaiting_sweep ON cases (closed_at) WHERE status = 2 AND retention_swept = 0;
