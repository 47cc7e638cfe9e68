-- Dashboard at province scale (issue 11). rollup_cases keys every day by category × channel × service
-- × status × outcome × settled step: at 10 M cases a province reads about one row per case for a year,
-- and its children as many again. The dashboard's figures need far less:
--   * KPI cards, children, trends, open now: status × outcome × settled step (and day received for
--     the 7-day maturity and the trends) — no category, channel or service;
--   * the category / channel / service mixes: received, resolved and open per value — no status split.
-- So two narrow tiers, each at two grains: 'd' (day received) and 'm' (month received, the first
-- day as its period). A period reads its whole months from 'm' and its ragged edges from 'd': a
-- year is ~12 + ~30 periods instead of 365. Both are written by the same fold from the same deltas
-- (apps/server/src/modules/dashboard/rollup.ts) and recomputed and compared by `rollup rebuild`.
--
-- Only for the top four levels of the tree (province, city, county, township in a province): a
-- village or a grid holds a few cases a day at most, where a tier would add rows without summing
-- anything (100,000 grids × days × 2 grains × 3 mixes). Their dashboards read rollup_cases through
-- the *_low views below, in the same shape.

CREATE TABLE rollup_kpi (
  region_code  text NOT NULL,
  parent_code  text,
  grain        "char" NOT NULL,
  period       date NOT NULL,
  status       text NOT NULL,
  outcome      text NOT NULL,
  settled_step smallint NOT NULL,
  n int NOT NULL,
  pending int NOT NULL,
  open int NOT NULL,
  red_open int NOT NULL,
  overdue_open int NOT NULL,
  missed int NOT NULL,
  beyond int NOT NULL,
  reopened int NOT NULL,
  resolved7 int NOT NULL,
  cb_done int NOT NULL,
  cb_on_time int NOT NULL,
  rated int NOT NULL,
  satisfied int NOT NULL,
  handling_min bigint NOT NULL,
  h4 int NOT NULL,
  h24 int NOT NULL,
  h48 int NOT NULL,
  h72 int NOT NULL,
  h120 int NOT NULL,
  h168 int NOT NULL,
  h336 int NOT NULL,
  h720 int NOT NULL,
  hmore int NOT NULL,
  PRIMARY KEY (region_code, grain, period, status, outcome, settled_step)
);
-- Children of a region in a period (the drill-down and the map).
CREATE INDEX rollup_kpi_parent_idx ON rollup_kpi (parent_code, grain, period);
-- Open now (the cards and the map): only day rows of open cases, a small share.
CREATE INDEX rollup_kpi_open_region_idx ON rollup_kpi (region_code) WHERE open <> 0 AND grain = 'd';
CREATE INDEX rollup_kpi_open_parent_idx ON rollup_kpi (parent_code) WHERE open <> 0 AND grain = 'd';

CREATE TABLE rollup_mix (
  region_code text NOT NULL,
  grain       "char" NOT NULL,
  period      date NOT NULL,
  dim         text NOT NULL, -- category | channel | service
  value       text NOT NULL,
  n           int NOT NULL,
  resolved    int NOT NULL,
  open        int NOT NULL,
  PRIMARY KEY (region_code, grain, period, dim, value)
);

-- The tiers' regions: the ancestors of a path down to the fourth level (the dashboard code reads
-- the tiers for a region at depth <= 4, TIER_DEPTH in dashboard.repository.ts).
CREATE FUNCTION rollup_upper(path text) RETURNS TABLE (code text, parent text) LANGUAGE sql IMMUTABLE AS $$
  SELECT p[i], CASE WHEN i > 1 THEN p[i - 1] END
  FROM (SELECT string_to_array(path, '.') AS p) s, generate_subscripts(s.p, 1) AS i
  WHERE i <= 4
$$;
-- Where a fact lands in the tiers: every upper ancestor at both grains.
CREATE FUNCTION rollup_periods(day date) RETURNS TABLE (grain "char", period date) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('d'::"char", day), ('m'::"char", date_trunc('month', day)::date)
$$;
-- The three mixes of one fact.
CREATE FUNCTION rollup_dims(f rollup_fact) RETURNS TABLE (dim text, value text) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('category', f.category), ('channel', f.channel), ('service', f.service)
$$;

-- Deltas not folded yet, in each tier's shape (as rollup_pending for rollup_cases).
CREATE VIEW rollup_kpi_pending AS
  SELECT a.code AS region_code, a.parent AS parent_code, g.grain, g.period, (d.f).status, (d.f).outcome, (d.f).settled_step,
    sum(d.sign * (d.f).n)::int AS n, sum(d.sign * (d.f).pending)::int AS pending, sum(d.sign * (d.f).open)::int AS open, sum(d.sign * (d.f).red_open)::int AS red_open, sum(d.sign * (d.f).overdue_open)::int AS overdue_open, sum(d.sign * (d.f).missed)::int AS missed, sum(d.sign * (d.f).beyond)::int AS beyond, sum(d.sign * (d.f).reopened)::int AS reopened, sum(d.sign * (d.f).resolved7)::int AS resolved7, sum(d.sign * (d.f).cb_done)::int AS cb_done, sum(d.sign * (d.f).cb_on_time)::int AS cb_on_time, sum(d.sign * (d.f).rated)::int AS rated, sum(d.sign * (d.f).satisfied)::int AS satisfied, sum(d.sign * (d.f).handling_min)::bigint AS handling_min, sum(d.sign * (d.f).h4)::int AS h4, sum(d.sign * (d.f).h24)::int AS h24, sum(d.sign * (d.f).h48)::int AS h48, sum(d.sign * (d.f).h72)::int AS h72, sum(d.sign * (d.f).h120)::int AS h120, sum(d.sign * (d.f).h168)::int AS h168, sum(d.sign * (d.f).h336)::int AS h336, sum(d.sign * (d.f).h720)::int AS h720, sum(d.sign * (d.f).hmore)::int AS hmore
  FROM rollup_delta d, rollup_upper((d.f).region_path) a, rollup_periods((d.f).day) g
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
CREATE VIEW rollup_kpi_now AS
  SELECT * FROM rollup_kpi UNION ALL SELECT * FROM rollup_kpi_pending;

CREATE VIEW rollup_mix_pending AS
  SELECT a.code AS region_code, g.grain, g.period, x.dim, x.value,
    sum(d.sign * (d.f).n)::int AS n,
    sum(d.sign * (d.f).n * ((d.f).outcome = 'resolved')::int)::int AS resolved,
    sum(d.sign * (d.f).open)::int AS open
  FROM rollup_delta d, rollup_upper((d.f).region_path) a, rollup_periods((d.f).day) g, rollup_dims(d.f) x
  GROUP BY 1, 2, 3, 4, 5;
CREATE VIEW rollup_mix_now AS
  SELECT * FROM rollup_mix UNION ALL SELECT * FROM rollup_mix_pending;

-- Villages and grids: rollup_cases rows in the tiers' shape (day grain only, no month rows).
CREATE VIEW rollup_kpi_low AS
  SELECT region_code, parent_code, 'd'::"char" AS grain, day AS period, status, outcome, settled_step,
    n, pending, open, red_open, overdue_open, missed, beyond, reopened, resolved7, cb_done, cb_on_time, rated, satisfied, handling_min, h4, h24, h48, h72, h120, h168, h336, h720, hmore
  FROM rollup_now;
CREATE VIEW rollup_mix_low AS
  SELECT region_code, 'd'::"char" AS grain, day AS period, x.dim, x.value, n,
    CASE WHEN outcome = 'resolved' THEN n ELSE 0 END AS resolved, open
  FROM rollup_now, LATERAL (VALUES ('category', category), ('channel', channel), ('service', service)) x(dim, value);

-- An upgrade: fill both tiers from what rollup_cases already holds (it has every key they split on).
INSERT INTO rollup_kpi
  SELECT region_code, parent_code, g.grain, g.period, status, outcome, settled_step,
    sum(n), sum(pending), sum(open), sum(red_open), sum(overdue_open), sum(missed), sum(beyond), sum(reopened), sum(resolved7), sum(cb_done), sum(cb_on_time), sum(rated), sum(satisfied), sum(handling_min), sum(h4), sum(h24), sum(h48), sum(h72), sum(h120), sum(h168), sum(h336), sum(h720), sum(hmore)
  FROM (SELECT r.* FROM rollup_cases r JOIN regions g ON g.code = r.region_code
    WHERE array_length(string_to_array(g.path, '.'), 1) <= 4) u, rollup_periods(day) g
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
INSERT INTO rollup_mix
  SELECT region_code, g.grain, g.period, x.dim, x.value, sum(n), coalesce(sum(n) FILTER (WHERE outcome = 'resolved'), 0), sum(open)
  FROM (SELECT r.* FROM rollup_cases r JOIN regions g ON g.code = r.region_code
    WHERE array_length(string_to_array(g.path, '.'), 1) <= 4) u, rollup_periods(day) g,
    LATERAL (VALUES ('category', category), ('channel', channel), ('service', service)) x(dim, value)
  GROUP BY 1, 2, 3, 4, 5;


-- The case list filtered by category (issue 11: 117 ms for a township user at 10 M cases). Without
-- it the list walks cases_created_idx newest first and discards every case of another category
-- or region (a category is ~1/10 of a township's cases, a township ~1/1,400 of a province's); with
-- it, it walks only the category's cases newest first and discards other regions'.
CREATE INDEX cases_category_created_idx ON cases (category, created_at DESC, id DESC);
