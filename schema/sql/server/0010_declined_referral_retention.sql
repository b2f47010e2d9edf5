-- A ward member keeps their referral (and their copy of the resident it names) for the
-- council's retention period after it finishes, then it leaves their device. A referral whose
-- case closes goes with the case's sweep (0004); a declined one has no case, so it is swept on
-- its own: a pull re-logs it once, and every device that holds it is told to evict it.
-- declined_at is Unix milliseconds: when it was declined, NULL while it is not.
ALTER TABLE referrals ADD COLUMN declined_at INTEGER;
ALTER TABLE referrals ADD COLUMN retention_swept INTEGER NOT NULL DEFAULT 0;
CREATE INDEX referrals_awaiting_sweep ON referrals (declined_at)
  WHERE declined_at IS NOT NULL AND retention_swept = 0;
-- Referrals declined before this migration have no declined_at yet: the first sweep reads it
-- from each one's triaged_at (the body is protobuf), so they too leave the ward members'
-- devices when their retention ends, as the ward member's scope decides.
CREATE INDEX referrals_declined_undated ON referrals (id)
  WHERE status = 5 AND declined_at IS NULL;
