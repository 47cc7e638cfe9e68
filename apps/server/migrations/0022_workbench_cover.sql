-- The workbench (README Performance, 11): a county's open cases lie scattered over tens of thousands of
-- heap pages, and the workbench read them all for its counters and again for its queue. The open cases'
-- index now also holds every column the counters, the queue test, the jurisdiction and the queue's
-- order read, so those are index-only scans; only the 100 cases shown are read whole.
DROP INDEX IF EXISTS cases_open_due_idx;
CREATE INDEX cases_open_due_idx ON cases ((region_path COLLATE "C"), step_due_at)
  INCLUDE (region_path, id, status, step, step_count, policy_key, warning, callback_due_at, callback_missed,
           assigned_unit_id, assignee_id, category)
  WHERE status IN ('submitted', 'accepted', 'mediating', 'paused');
-- "Escalated to me": was the case escalated onto the step it stands on? A probe of this small index
-- per open case instead of reading the case's whole timeline.
CREATE INDEX case_events_escalated_idx ON case_events (case_id, ((data->>'toStep')::int))
  WHERE type = 'case.escalated';
