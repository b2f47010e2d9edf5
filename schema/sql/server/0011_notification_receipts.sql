-- What a provider that reports back (GOV.UK Notify) said about a notification it accepted:
-- its own id for it, and the last status read back with GET /v2/notifications/{id}. A
-- notification handed to the log or an SMTP relay has neither. `personalisation` is the
-- JSON object of template fields the message was composed from (docs/protocol.md lists
-- them per kind), so a council's own Notify templates can lay the message out.
ALTER TABLE notifications ADD COLUMN personalisation TEXT NOT NULL DEFAULT '{}';
ALTER TABLE notifications ADD COLUMN provider_id TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN provider_status TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN status_checked_at INTEGER;
-- Accepted by the provider, final outcome not yet known.
CREATE INDEX notifications_tracked ON notifications (status_checked_at)
  WHERE provider_id != '' AND provider_status IN ('', 'created', 'sending', 'pending');
