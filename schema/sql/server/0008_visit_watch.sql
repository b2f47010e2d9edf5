-- What the notification planner looks for every round: visits out in the field (en route, in
-- progress or overdue), whose lone-working timer may have run out, and scheduled visits
-- starting soon, whose residents get a reminder text. Both are small slices of the visits.
CREATE INDEX visits_out ON visits (status) WHERE status IN (2, 3, 4);
CREATE INDEX visits_scheduled_by_start ON visits (window_start) WHERE status = 1;
