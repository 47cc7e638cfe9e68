-- Leaders' figures, computed once (issue 11). Every case contributes one "fact" row: its cohort day
-- (received, Beijing time), its dimensions and 0/1 measures. The rollup holds the sums of facts per
-- region at EVERY level of the tree (a province query reads province rows, not 10 M leaves).
--
-- Kept exact in two halves: a statement-level trigger appends the difference a statement made
-- (old fact −1, new fact +1, unchanged facts skipped) to rollup_delta — insert-only, so concurrent
-- intakes never wait on a hot rollup row — and a fold job moves deltas into rollup_cases under an
-- advisory lock (DELETE … RETURNING and the upsert in one transaction: idempotent, nothing twice).
-- Readers use rollup_now = rollup_cases + the few deltas not folded yet, so figures are exact at
-- every commit, on a replica too.

-- Two facts the case row did not keep: the citizen's last rating, and whether a 码上反映 callback
-- was ever missed (calling back late clears callback_missed; the promise was still broken).
ALTER TABLE cases ADD COLUMN rating text;
ALTER TABLE cases ADD COLUMN callback_ever_missed boolean NOT NULL DEFAULT false;
CREATE FUNCTION cases_callback_ever_missed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.callback_ever_missed := true;
  RETURN NEW;
END $$;
CREATE TRIGGER cases_callback_ever_missed BEFORE UPDATE OF callback_missed ON cases
  FOR EACH ROW WHEN (NEW.callback_missed AND NOT OLD.callback_missed AND NOT OLD.callback_ever_missed)
  EXECUTE FUNCTION cases_callback_ever_missed();

CREATE TYPE rollup_fact AS (
  region_path text, day date, category text, channel text, service text, status text, outcome text,
  settled_step smallint,
  n int, pending int, open int, red_open int, overdue_open int, missed int, beyond int, reopened int,
  resolved7 int, cb_done int, cb_on_time int, rated int, satisfied int, handling_min bigint,
  h4 int, h24 int, h48 int, h72 int, h120 int, h168 int, h336 int, h720 int, hmore int
);

-- The one definition of a case's contribution (mirrored by caseFacts in packages/core/src/kpi.ts and
-- checked against it by apps/server/test/lead-kpi-sql.test.ts).
CREATE FUNCTION rollup_fact_of(c cases) RETURNS rollup_fact LANGUAGE sql STABLE AS $$
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
    hb.b4, hb.b24, hb.b48, hb.b72, hb.b120, hb.b168, hb.b336, hb.b720, hb.bmore
  )::rollup_fact
  FROM (SELECT CASE WHEN c.outcome = 'resolved' THEN extract(epoch FROM c.resolved_at - c.created_at) / 3600 END AS h) t,
  LATERAL (SELECT coalesce(t.h <= 4, false)::int AS b4, coalesce(t.h > 4 AND t.h <= 24, false)::int AS b24, coalesce(t.h > 24 AND t.h <= 48, false)::int AS b48,
    coalesce(t.h > 48 AND t.h <= 72, false)::int AS b72, coalesce(t.h > 72 AND t.h <= 120, false)::int AS b120,
    coalesce(t.h > 120 AND t.h <= 168, false)::int AS b168, coalesce(t.h > 168 AND t.h <= 336, false)::int AS b336,
    coalesce(t.h > 336 AND t.h <= 720, false)::int AS b720, coalesce(t.h > 720, false)::int AS bmore) hb
$$;

-- Unfolded differences: one row per changed case and sign, at the case's own region.
-- case_id tells the fold which cases changed: their risk rules are evaluated right after.
CREATE TABLE rollup_delta (
  id      bigserial PRIMARY KEY,
  sign    smallint NOT NULL,
  f       rollup_fact NOT NULL,
  case_id uuid
);

CREATE TABLE rollup_cases (
  region_code  text NOT NULL,
  parent_code  text,
  day          date NOT NULL,
  category     text NOT NULL,
  channel      text NOT NULL,
  service      text NOT NULL,
  status       text NOT NULL,
  outcome      text NOT NULL,
  settled_step smallint NOT NULL,
  n int NOT NULL, pending int NOT NULL, open int NOT NULL, red_open int NOT NULL, overdue_open int NOT NULL,
  missed int NOT NULL, beyond int NOT NULL, reopened int NOT NULL, resolved7 int NOT NULL,
  cb_done int NOT NULL, cb_on_time int NOT NULL, rated int NOT NULL, satisfied int NOT NULL,
  handling_min bigint NOT NULL,
  h4 int NOT NULL, h24 int NOT NULL, h48 int NOT NULL, h72 int NOT NULL, h120 int NOT NULL,
  h168 int NOT NULL, h336 int NOT NULL, h720 int NOT NULL, hmore int NOT NULL,
  PRIMARY KEY (region_code, day, category, channel, service, status, outcome, settled_step)
);
-- Children of a region in a period (the drill-down and the map).
CREATE INDEX rollup_cases_parent_idx ON rollup_cases (parent_code, day);

-- The ancestors of a region path, each with its parent: '62.6207.620702' → (62,null) (6207,62) (620702,6207).
CREATE FUNCTION rollup_ancestors(path text) RETURNS TABLE (code text, parent text) LANGUAGE sql IMMUTABLE AS $$
  SELECT p[i], CASE WHEN i > 1 THEN p[i - 1] END
  FROM (SELECT string_to_array(path, '.') AS p) s, generate_subscripts(s.p, 1) AS i
$$;

-- Facts (signed) expanded to every ancestor and summed per rollup key. Used by the fold, by the
-- rebuild and by rollup_now.
CREATE FUNCTION rollup_expand(facts rollup_fact[], signs smallint[])
RETURNS SETOF rollup_cases LANGUAGE sql STABLE AS $$
  SELECT a.code, a.parent, (x.f).day, (x.f).category, (x.f).channel, (x.f).service, (x.f).status,
    (x.f).outcome, (x.f).settled_step,
    sum(x.s * (x.f).n)::int, sum(x.s * (x.f).pending)::int, sum(x.s * (x.f).open)::int,
    sum(x.s * (x.f).red_open)::int, sum(x.s * (x.f).overdue_open)::int, sum(x.s * (x.f).missed)::int,
    sum(x.s * (x.f).beyond)::int, sum(x.s * (x.f).reopened)::int, sum(x.s * (x.f).resolved7)::int,
    sum(x.s * (x.f).cb_done)::int, sum(x.s * (x.f).cb_on_time)::int, sum(x.s * (x.f).rated)::int,
    sum(x.s * (x.f).satisfied)::int, sum(x.s * (x.f).handling_min)::bigint,
    sum(x.s * (x.f).h4)::int, sum(x.s * (x.f).h24)::int, sum(x.s * (x.f).h48)::int, sum(x.s * (x.f).h72)::int,
    sum(x.s * (x.f).h120)::int, sum(x.s * (x.f).h168)::int, sum(x.s * (x.f).h336)::int,
    sum(x.s * (x.f).h720)::int, sum(x.s * (x.f).hmore)::int
  FROM generate_subscripts(facts, 1) AS i, LATERAL (SELECT facts[i] AS f, signs[i] AS s) x,
    rollup_ancestors((x.f).region_path) a
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
$$;

CREATE FUNCTION rollup_capture_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_delta (sign, f, case_id) SELECT 1, rollup_fact_of(n), n.id FROM new_rows n;
  RETURN NULL;
END $$;
CREATE FUNCTION rollup_capture_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Most sweep updates (a yellow warning, a moved deadline) change no fact: nothing is written then.
  INSERT INTO rollup_delta (sign, f, case_id)
  SELECT s.sign, s.f, c.id FROM (
    SELECT o.id, rollup_fact_of(o) AS fo, rollup_fact_of(n) AS fn
    FROM old_rows o JOIN new_rows n ON n.id = o.id
  ) c, LATERAL (VALUES (-1::smallint, c.fo), (1::smallint, c.fn)) AS s(sign, f)
  WHERE c.fo IS DISTINCT FROM c.fn;
  RETURN NULL;
END $$;
CREATE FUNCTION rollup_capture_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO rollup_delta (sign, f) SELECT -1, rollup_fact_of(o) FROM old_rows o;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_rollup_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_capture_insert();
CREATE TRIGGER cases_rollup_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_capture_update();
CREATE TRIGGER cases_rollup_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION rollup_capture_delete();

-- What readers use: folded sums plus the deltas not folded yet (seconds' worth). Pending rows are
-- partial sums (a case turning red is −1 blue +1 red), so only whole sums obey open >= red_open.
-- (No arrays: indexing a large composite array per row is quadratic.)
CREATE VIEW rollup_pending AS
  SELECT a.code AS region_code, a.parent AS parent_code, (d.f).day, (d.f).category, (d.f).channel, (d.f).service, (d.f).status, (d.f).outcome, (d.f).settled_step,
    sum(d.sign * (d.f).n)::int AS n, sum(d.sign * (d.f).pending)::int AS pending, sum(d.sign * (d.f).open)::int AS open, sum(d.sign * (d.f).red_open)::int AS red_open, sum(d.sign * (d.f).overdue_open)::int AS overdue_open, sum(d.sign * (d.f).missed)::int AS missed, sum(d.sign * (d.f).beyond)::int AS beyond, sum(d.sign * (d.f).reopened)::int AS reopened, sum(d.sign * (d.f).resolved7)::int AS resolved7, sum(d.sign * (d.f).cb_done)::int AS cb_done, sum(d.sign * (d.f).cb_on_time)::int AS cb_on_time, sum(d.sign * (d.f).rated)::int AS rated, sum(d.sign * (d.f).satisfied)::int AS satisfied, sum(d.sign * (d.f).handling_min)::bigint AS handling_min, sum(d.sign * (d.f).h4)::int AS h4, sum(d.sign * (d.f).h24)::int AS h24, sum(d.sign * (d.f).h48)::int AS h48, sum(d.sign * (d.f).h72)::int AS h72, sum(d.sign * (d.f).h120)::int AS h120, sum(d.sign * (d.f).h168)::int AS h168, sum(d.sign * (d.f).h336)::int AS h336, sum(d.sign * (d.f).h720)::int AS h720, sum(d.sign * (d.f).hmore)::int AS hmore
  FROM rollup_delta d, rollup_ancestors((d.f).region_path) a
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
CREATE VIEW rollup_now AS
  SELECT * FROM rollup_cases UNION ALL SELECT * FROM rollup_pending;

-- Open cases per region and day, written by the nightly snapshot (history cannot be recomputed from
-- cases: it is what was open then).
CREATE TABLE rollup_open_daily (
  region_code  text NOT NULL,
  parent_code  text,
  day          date NOT NULL,
  open         int NOT NULL,
  red          int NOT NULL,
  overdue      int NOT NULL,
  PRIMARY KEY (region_code, day)
);

-- Cases already in the database (an upgrade): their facts become the starting deltas.
INSERT INTO rollup_delta (sign, f) SELECT 1, rollup_fact_of(c) FROM cases c;

-- "Open now" per region and per child region: only rows of open cases carry open <> 0, a small
-- share of the table, so the map and the cards read them through these partial indexes.
CREATE INDEX rollup_cases_open_parent_idx ON rollup_cases (parent_code) WHERE open <> 0;
CREATE INDEX rollup_cases_open_region_idx ON rollup_cases (region_code) WHERE open <> 0;
