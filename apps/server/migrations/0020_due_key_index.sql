-- `GET /cases?sort=due` puts paused cases last (their clocks stand still), so the list orders by a
-- key that the 0004 index no longer matched: a county's list scanned and sorted every case (4.6 s over
-- a million in the load bench, issue 13). This index follows the list's own key (DUE_KEY in
-- cases.repository.ts); the old one served nothing else, so the sweep still updates one index, not two.
DROP INDEX IF EXISTS cases_due_order_idx;
CREATE INDEX cases_due_key_idx ON cases (
  (CASE WHEN status = 'paused' THEN 'infinity'::timestamptz
        ELSE coalesce(step_due_at, 'infinity'::timestamptz) END),
  id);
