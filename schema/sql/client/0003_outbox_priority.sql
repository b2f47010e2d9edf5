-- A lone-working alert goes to the server before anything else waiting: priority 1 is sent
-- first, then the rest in the order they were made.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_by_priority ON outbox (state, priority DESC, seq);
