-- Visits with a lone-working alert (status 8, VISIT_STATUS_ALERT): the planner looks at them on
-- every tick for alerts nobody has acknowledged, and coordinators' syncs count them.
CREATE INDEX visits_alert ON visits (status) WHERE status = 8;
