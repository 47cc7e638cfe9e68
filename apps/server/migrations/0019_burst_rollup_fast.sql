-- The escalation burst (issue 13): the rollup's statement trigger cost 3 ms per changed case — three
-- times the UPDATE itself. Two reasons, both fixed here without changing a single fact:
-- 1. rollup_fact_of had a FROM clause, so PostgreSQL could not inline it: every call ran a
--    sub-query over the whole row (49 columns, the search vector too). Written as one expression it
--    is inlined, and reads only the columns it uses.
-- 2. The trigger's LATERAL VALUES (fo), (fn) re-initialised its expressions — calls included, each
--    re-planned — for every row. The facts are now computed once per row and the two signed rows
--    come from a UNION ALL.

-- Hours from receipt to resolution (null unless resolved): the handling-time buckets below.
CREATE FUNCTION rollup_handling_hours(c cases) RETURNS numeric LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN c.outcome = 'resolved' THEN extract(epoch FROM c.resolved_at - c.created_at) / 3600 END
$$;

CREATE OR REPLACE FUNCTION rollup_fact_of(c cases) RETURNS rollup_fact LANGUAGE sql STABLE AS $$
  SELECT ROW(
    c.region_path, (c.created_at AT TIME ZONE 'Asia/Shanghai')::date, c.category, c.channel,
    coalesce(c.services[1], ''), c.status, coalesce(c.outcome, ''), coalesce(c.settled_step, 0)::smallint,
    1,
    coalesce(c.outcome IS NULL AND (c.status = 'submitted' OR (c.status = 'paused' AND c.paused_from = 'submitted')), false)::int,
    coalesce(c.status IN ('submitted','accepted','mediating','paused'), false)::int,
    coalesce(c.status IN ('submitted','accepted','mediating','paused') AND c.warning = 'red', false)::int,
    coalesce(c.status IN ('submitted','accepted','mediating','paused') AND c.missed_deadline, false)::int,
    c.missed_deadline::int,
    coalesce(c.step > c.step_count, false)::int,
    coalesce(c.reopen_count > 0, false)::int,
    coalesce(c.outcome = 'resolved' AND c.resolved_at <= c.created_at + interval '7 days', false)::int,
    coalesce(c.channel = 'qr' AND c.callback_due_at IS NULL, false)::int,
    coalesce(c.channel = 'qr' AND c.callback_due_at IS NULL AND NOT c.callback_ever_missed, false)::int,
    coalesce(c.rating IS NOT NULL, false)::int,
    coalesce(c.rating IN ('satisfied','basically_satisfied'), false)::int,
    coalesce(CASE WHEN c.outcome = 'resolved' THEN (extract(epoch FROM c.resolved_at - c.created_at) / 60)::bigint END, 0),
    coalesce(rollup_handling_hours(c) <= 4, false)::int,
    coalesce(rollup_handling_hours(c) > 4 AND rollup_handling_hours(c) <= 24, false)::int,
    coalesce(rollup_handling_hours(c) > 24 AND rollup_handling_hours(c) <= 48, false)::int,
    coalesce(rollup_handling_hours(c) > 48 AND rollup_handling_hours(c) <= 72, false)::int,
    coalesce(rollup_handling_hours(c) > 72 AND rollup_handling_hours(c) <= 120, false)::int,
    coalesce(rollup_handling_hours(c) > 120 AND rollup_handling_hours(c) <= 168, false)::int,
    coalesce(rollup_handling_hours(c) > 168 AND rollup_handling_hours(c) <= 336, false)::int,
    coalesce(rollup_handling_hours(c) > 336 AND rollup_handling_hours(c) <= 720, false)::int,
    coalesce(rollup_handling_hours(c) > 720, false)::int
  )::rollup_fact
$$;

CREATE OR REPLACE FUNCTION rollup_capture_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most sweep updates (a yellow warning, a moved deadline) change no fact: nothing is written then.
  INSERT INTO rollup_delta (sign, f, case_id)
  WITH d AS MATERIALIZED (
    SELECT c.id, c.fo, c.fn FROM (
      SELECT o.id, rollup_fact_of(o) AS fo, rollup_fact_of(n) AS fn
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      OFFSET 0 -- computes each fact once, not once per reference below
    ) c
    WHERE c.fo IS DISTINCT FROM c.fn
  )
  SELECT -1::smallint, fo, id FROM d UNION ALL SELECT 1::smallint, fn, id FROM d;
  RETURN NULL;
END $$;
