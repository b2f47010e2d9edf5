-- As 0013 of the SQLite store. Officers' and coordinators' devices hold a case's events under
-- the case: one row for the case instead of one for each event (PullService;
-- docs/protocol.md). Rows written before that, one for each event, are folded in here: an
-- event's row goes where the device holds its case with no eviction outstanding, since that
-- row already stands for the case's events.
-- Anything else stays as it is and is still honoured: a ward member's outcomes, an event whose
-- case the device does not hold, and a row with an eviction not yet acknowledged.
-- Roles: 1 officer, 2 coordinator; record types: 2 case, 5 case event (sync.proto).
DELETE FROM device_records
WHERE record_type = 5 AND case_id <> '' AND evicted_at_seq IS NULL
  AND device_id IN (SELECT d.id FROM devices d JOIN users u ON u.id = d.user_id
                    WHERE u.role IN (1, 2))
  AND EXISTS (SELECT 1 FROM device_records c
              WHERE c.device_id = device_records.device_id AND c.record_type = 2
                AND c.record_id = device_records.case_id AND c.evicted_at_seq IS NULL);
