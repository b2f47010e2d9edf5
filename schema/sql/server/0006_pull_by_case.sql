-- An officer's pull reads the change log by case (the officer's cases, and the cases of
-- anything the device still holds) and by record (residents, referrals, wards, users, forms)
-- instead of scanning every entry after its cursor, so its cost follows the officer's own
-- caseload, not the whole council's.
CREATE INDEX change_log_by_case ON change_log (case_id, seq);

-- The case each held record belongs to ('' for records of no case, and for residents, who may
-- have several); filled in for rows sent before this migration from their newest log entry.
ALTER TABLE device_records ADD COLUMN case_id TEXT NOT NULL DEFAULT '';
UPDATE device_records SET case_id = COALESCE((SELECT c.case_id FROM change_log c
  WHERE c.record_type = device_records.record_type AND c.record_id = device_records.record_id
  ORDER BY c.seq DESC LIMIT 1), '');
