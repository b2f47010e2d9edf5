-- An eviction is forgotten only once the device has acknowledged it, by pulling from a cursor
-- at or past the change that carried it. Until then the row stays, marked with that change's
-- seq, so a page whose answer was lost (cut connection, app killed, full disk) carries the
-- eviction again when the device asks for it again. NULL: the device holds the record.
ALTER TABLE device_records ADD COLUMN evicted_at_seq INTEGER;
