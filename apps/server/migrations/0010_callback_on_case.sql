-- 码上反映's callback state lives on the case, set by core's transition, so the workbench reads two
-- columns instead of scanning clocks and timeline events for every open case.
ALTER TABLE cases ADD COLUMN callback_due_at timestamptz;
ALTER TABLE cases ADD COLUMN callback_missed boolean NOT NULL DEFAULT false;
UPDATE cases c SET callback_due_at = (
  SELECT min(k.due_at) FROM clocks k
  WHERE k.case_id = c.id AND k.kind = 'callback' AND k.stopped_at IS NULL AND k.fired_at IS NULL
) WHERE c.channel = 'qr';
UPDATE cases c SET callback_missed = true
WHERE c.channel = 'qr'
  AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.callback_overdue')
  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'case.called_back');
