-- One path for every case change (packages/core caseTransition).
-- The moment a case was paused lives on the case, so the transition can move deadlines on resume and
-- the console can say "暂停中 · 已暂停 3小时" without reading clocks.
ALTER TABLE cases ADD COLUMN paused_at timestamptz;
UPDATE cases c SET paused_at = (
  SELECT min(k.paused_at) FROM clocks k WHERE k.case_id = c.id AND k.stopped_at IS NULL
) WHERE c.status = 'paused';

-- 码上反映's callback limit is policy data now (it was FENGQIAO_CALLBACK_LIMIT).
UPDATE policies SET definition = definition || '{"callbackLimit": "PT30M"}'::jsonb
WHERE key = 'mashang-fanying' AND NOT definition ? 'callbackLimit';
