-- Resident search by name, address or case number, with FTS4 inside the encrypted store
-- (SQLite 3.15.2 has no FTS5). resident_id is stored but not indexed; the app keeps a row
-- here in step with residents and cases in the same transaction as the record change.
CREATE VIRTUAL TABLE resident_search USING fts4(
  resident_id,
  name,
  address,
  case_numbers,
  notindexed=resident_id,
  prefix="2,3",
  tokenize=unicode61 "remove_diacritics=1"
);
