-- A tourist's report ends when its case is settled, whoever settles it (answer_how 'settled'): before,
-- a case resolved or merged by someone outside the post kept its report "waiting" and its answer clock
-- running. Reports of cases already settled are closed here, and their clocks stopped.
ALTER TABLE tour_reports DROP CONSTRAINT IF EXISTS tour_reports_answer_how_check;
ALTER TABLE tour_reports ADD CONSTRAINT tour_reports_answer_how_check
  CHECK (answer_how IN ('accept','note','answer','settled'));

UPDATE clocks k SET stopped_at = now()
FROM tour_reports t JOIN cases c ON c.id = t.case_id
WHERE k.subject_id = t.id AND k.kind = 'tourism.answer' AND k.stopped_at IS NULL AND k.fired_at IS NULL
  AND t.answered_at IS NULL AND c.status IN ('resolved', 'closed');

UPDATE tour_reports t SET answered_at = c.updated_at, answer_how = 'settled'
FROM cases c
WHERE c.id = t.case_id AND t.answered_at IS NULL AND c.status IN ('resolved', 'closed');
