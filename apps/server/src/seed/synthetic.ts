// `fengqiao seed synthetic --cases N`: a synthetic province for the leaders' dashboard at scale
// (issue 11) — 14 cities, 100 counties, 1,400 townships, 16,800 villages, 100,800 grids — and N cases
// over five years with realistic mixes, plus their events. Set-based SQL (generate_series) in chunks,
// so 10 M cases are a matter of minutes per million, not of the API's per-case work. The rollup
// trigger captures every case; the rollup is then rebuilt from `cases` in one pass (folding N deltas
// one batch at a time is the slower way to the same sums).
//
// Synthetic data for benchmarks only: the events carry placeholder hashes (`audit verify` rejects
// them), the cases have no parties, photos, clocks or tasks.
import { sql } from "kysely";
import type { Db } from "../db/database";
import { rebuildRollup } from "../modules/dashboard/rollup";

/** Children per parent at each level below the province: city, county, township, village, grid. */
export interface Shape {
  cities: number;
  counties: number;
  townships: number;
  villages: number;
  grids: number;
}
/** A province: 14 × ~7 × 14 × 12 × 6 (the cities take 7 or 8 counties: 100 in all). */
export const PROVINCE: Shape = { cities: 14, counties: 7, townships: 14, villages: 12, grids: 6 };
/** Two of everything: for tests. */
export const TINY: Shape = { cities: 2, counties: 2, townships: 2, villages: 2, grids: 2 };

/** The synthetic province's code; everything below it starts with 99. */
export const SYNTHETIC_PROVINCE = "990000";

export interface SyntheticResult {
  regions: number;
  cases: number;
  events: number;
  seconds: { regions: number; cases: number; events: number; rollup: number };
}

const since = (t: number) => Math.round((performance.now() - t) / 100) / 10;

/** The region tree, codes by position: city 99CC00, county 99CCKK, then three digits per level. */
async function regions(db: Db, s: Shape) {
  const p = SYNTHETIC_PROVINCE;
  await sql`INSERT INTO regions (code, parent_code, level, name, path) VALUES (${p}, NULL, 'province', '合成省', ${p})`.execute(
    db,
  );
  await sql`INSERT INTO regions (code, parent_code, level, name, path)
    SELECT '99' || lpad(c::text, 2, '0') || '00', ${p}, 'city', '合成市' || c, ${p} || '.99' || lpad(c::text, 2, '0') || '00'
    FROM generate_series(1, ${s.cities}::int) c`.execute(db);
  // The first two cities take one county more (14 × 7 + 2 = 100 counties in a province).
  await sql`INSERT INTO regions (code, parent_code, level, name, path)
    SELECT left(r.code, 4) || lpad(k::text, 2, '0'), r.code, 'county', r.name || '县' || k,
      r.path || '.' || left(r.code, 4) || lpad(k::text, 2, '0')
    FROM regions r, generate_series(1, ${s.counties}::int + 1) k
    WHERE r.level = 'city' AND r.parent_code = ${p}
      AND (k <= ${s.counties}::int OR right(left(r.code, 4), 2)::int <= 2)`.execute(db);
  const below = [
    ["township", "county", s.townships, "镇"],
    ["village", "township", s.villages, "村"],
    ["grid", "village", s.grids, "网格"],
  ] as const;
  for (const [level, parent, n, zh] of below)
    await sql`INSERT INTO regions (code, parent_code, level, name, path)
      SELECT r.code || lpad(i::text, 3, '0'), r.code, ${level}, r.name || ${zh} || i, r.path || '.' || r.code || lpad(i::text, 3, '0')
      FROM regions r, generate_series(1, ${n}::int) i
      WHERE r.level = ${parent} AND r.path LIKE ${`${p}.%`}`.execute(db);
  const r = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM regions WHERE path = ${p} OR path LIKE ${`${p}.%`}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * One chunk of cases [start, start + count). Every random choice is a hash of the case number
 * (reproducible), each draw with its own salt. The mixes:
 * - received: uniform over five years, plus a fifth more in January–February (before and after the
 *   Spring Festival), in office hours (08:00–18:00 Beijing);
 * - channel: grid 30 %, hotline 25 %, walk-in 20 %, QR 12 %, online 8 %, referral 5 %;
 * - category: neighbours 22 %, marriage and family 14 %, labour 10 %, homestead 10 %, …, incidents 18 %;
 * - open: about 60 % of the last 30 days' cases, tapering with age; everything older is closed;
 * - closed: resolved 88 %, referred 5 %, not accepted 4 %, merged 3 %; settled at the grid 55 %,
 *   village 22 %, township 12 %, county 8 %, above the township 3 %;
 * - resolution after 2 h – ~3 weeks (most within days); 5 % missed a deadline, 1 % reopened,
 *   60 % of resolved cases rated (satisfied 70 %, basically 20 %, dissatisfied 10 %).
 */
const casesChunk = (start: number, end: number, now: Date) => sql`
  -- grids numbered 1..n, joined by number (indexing a 100,000-element text array walks it per row)
  WITH g AS MATERIALIZED (SELECT code, path, row_number() OVER (ORDER BY code) AS gn
      FROM regions WHERE level = 'grid' AND path LIKE ${`${SYNTHETIC_PROVINCE}.%`}),
  s AS (
    SELECT i, (SELECT count(*) FROM g) AS ng,
      abs(hashint8(i * 16 + 1)) % 1000 AS r1, abs(hashint8(i * 16 + 2)) % 1000 AS r2,
      abs(hashint8(i * 16 + 3)) % 1000 AS r3, abs(hashint8(i * 16 + 4)) % 1000 AS r4,
      abs(hashint8(i * 16 + 5)) % 1000 AS r5, abs(hashint8(i * 16 + 6)) AS big,
      abs(hashint8(i * 16 + 7)) % 1826 AS d0, abs(hashint8(i * 16 + 8)) % 600 AS minute
    FROM generate_series(${start}::bigint, ${end}::bigint) i
  ),
  t AS (
    SELECT *, big % ng + 1 AS gi,
      -- received day (Beijing): one in five moved to January–February of the same year
      CASE WHEN r1 < 200 THEN least(make_date(extract(year FROM d)::int, 1, 1) + (r2 % 59)::int, today)
        ELSE d END AS day
    FROM (SELECT s.*, (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date AS today,
      (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - d0::int AS d FROM s) x
  ),
  u AS (
    SELECT *, ((day + (480 + minute) * interval '1 minute') AT TIME ZONE 'Asia/Shanghai') AS at,
      (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date - day AS age
    FROM t
  ),
  v AS (
    SELECT *, age < 30 AND r3 < 600 * (30 - age) / 30 AS is_open,
      CASE WHEN r4 < 550 THEN 1 WHEN r4 < 770 THEN 2 WHEN r4 < 890 THEN 3 WHEN r4 < 970 THEN 4 ELSE 5 END AS st,
      CASE WHEN r5 < 880 THEN 'resolved' WHEN r5 < 930 THEN 'referred' WHEN r5 < 970 THEN 'rejected' ELSE 'merged' END AS oc,
      -- hours to resolution: 2 h to ~3 weeks, most within days
      2 + (r2 * r2) / 2000.0 AS hours
    FROM u
  )
  INSERT INTO cases (code, channel, category, services, title, description, search, region_code, region_path,
    policy_key, status, step, step_count, outcome, settled_step, warning, missed_deadline, reopen_count,
    step_due_at, overall_due_at, last_event_hash, event_count, created_at, updated_at, resolved_at, closed_at, rating)
  SELECT 'S-' || lpad(i::text, 10, '0'),
    CASE WHEN r1 % 100 < 30 THEN 'grid' WHEN r1 % 100 < 55 THEN 'hotline' WHEN r1 % 100 < 75 THEN 'walk_in'
      WHEN r1 % 100 < 87 THEN 'qr' WHEN r1 % 100 < 95 THEN 'online' ELSE 'referral' END,
    CASE WHEN r3 % 100 < 22 THEN 'neighbour' WHEN r3 % 100 < 36 THEN 'marriage_family' WHEN r3 % 100 < 46 THEN 'labour'
      WHEN r3 % 100 < 56 THEN 'housing_homestead' WHEN r3 % 100 < 62 THEN 'contract' WHEN r3 % 100 < 66 THEN 'land_acquisition'
      WHEN r3 % 100 < 71 THEN 'property_mgmt' WHEN r3 % 100 < 74 THEN 'consumer' WHEN r3 % 100 < 77 THEN 'damages'
      WHEN r3 % 100 < 79 THEN 'traffic' WHEN r3 % 100 < 82 THEN 'village_affairs' WHEN r3 % 100 < 87 THEN 'road_facilities'
      WHEN r3 % 100 < 91 THEN 'sanitation' WHEN r3 % 100 < 94 THEN 'utilities' WHEN r3 % 100 < 97 THEN 'public_order'
      ELSE 'public_services' END,
    CASE WHEN r4 % 5 < 2 THEN ARRAY['mediation'] ELSE '{}'::text[] END,
    '合成纠纷' || i, '合成案件', to_tsvector('simple', '合成 纠纷' || CASE WHEN r3 % 100 BETWEEN 36 AND 45 THEN ' 欠薪' ELSE '' END), g.code, g.path, 'siji-qitian',
    CASE WHEN NOT is_open THEN 'closed' WHEN r5 < 250 THEN 'submitted' WHEN r5 < 600 THEN 'accepted'
      WHEN r5 < 950 THEN 'mediating' ELSE 'paused' END,
    CASE WHEN is_open THEN least(st, 4) ELSE st END, 4,
    CASE WHEN is_open THEN NULL ELSE oc END,
    CASE WHEN NOT is_open AND oc = 'resolved' THEN least(st, 4) END,
    CASE WHEN is_open AND r2 < 50 THEN 'red' WHEN is_open AND r2 < 150 THEN 'yellow' ELSE 'blue' END,
    r2 < 50, CASE WHEN r3 < 10 THEN 1 ELSE 0 END,
    CASE WHEN is_open THEN at + interval '3 days' END, at + interval '60 days', repeat('0', 64),
    CASE WHEN is_open THEN 2 + r4 % 4 ELSE 6 + r4 % 9 END,
    at, at + hours * interval '1 hour',
    CASE WHEN NOT is_open AND oc = 'resolved' THEN at + hours * interval '1 hour' END,
    CASE WHEN NOT is_open THEN at + (hours + 24) * interval '1 hour' END,
    CASE WHEN NOT is_open AND oc = 'resolved' AND r1 < 600 THEN
      CASE WHEN r5 < 700 THEN 'satisfied' WHEN r5 < 900 THEN 'basically_satisfied' ELSE 'dissatisfied' END END
  FROM v JOIN g ON g.gn = v.gi`;

/** Each case's events: created, its steps and notes, closed — event_count of them (about 10 a case). */
const eventsChunk = (from: string, to: string) => sql`
  INSERT INTO case_events (case_id, seq, type, at, data, prev_hash, hash)
  SELECT c.id, e, CASE WHEN e = 1 THEN 'case.created' WHEN e = c.event_count AND c.closed_at IS NOT NULL THEN 'case.closed'
      WHEN e = 2 THEN 'case.accepted' ELSE 'case.note_added' END,
    c.created_at + (e - 1) * (coalesce(c.closed_at, c.updated_at) - c.created_at) / c.event_count,
    '{}'::jsonb, repeat('0', 64), repeat('0', 64)
  FROM cases c, generate_series(1, c.event_count) e
  WHERE c.code BETWEEN ${from} AND ${to}`;

const code = (i: number) => `S-${String(i).padStart(10, "0")}`;

/**
 * Generates the province (unless it is there already) and `cases` cases numbered after the ones it
 * has, with their events; then rebuilds the rollup. `log` reports progress per chunk.
 */
export async function seedSynthetic(
  db: Db,
  o: { cases: number; now: Date; shape?: Shape; events?: boolean; chunk?: number; log?: (m: string) => void },
): Promise<SyntheticResult> {
  const log = o.log ?? (() => {});
  const chunk = o.chunk ?? 250_000;
  const t0 = performance.now();
  const have = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM regions WHERE code = ${SYNTHETIC_PROVINCE}`.execute(db);
  const regionCount = Number(have.rows[0]?.n) > 0 ? 0 : await regions(db, o.shape ?? PROVINCE);
  const tRegions = since(t0);
  const first =
    Number(
      (
        await sql<{
          n: string | null;
        }>`SELECT max(substr(code, 3)::bigint) AS n FROM cases WHERE code LIKE 'S-%'`.execute(db)
      ).rows[0]?.n ?? 0,
    ) + 1;
  let tCases = 0;
  let tEvents = 0;
  let events = 0;
  for (let start = first; start < first + o.cases; start += chunk) {
    const end = Math.min(start + chunk, first + o.cases) - 1;
    const t1 = performance.now();
    await casesChunk(start, end, o.now).execute(db);
    tCases += since(t1);
    if (o.events !== false) {
      const t2 = performance.now();
      const r = await eventsChunk(code(start), code(end)).execute(db);
      events += Number(r.numAffectedRows ?? 0);
      tEvents += since(t2);
    }
    log(`cases ${end - first + 1} / ${o.cases} (${since(t0)} s)`);
  }
  const t3 = performance.now();
  await rebuildRollup(db, true, false);
  const tRollup = since(t3);
  log(`rollup rebuilt (${tRollup} s)`);
  return {
    regions: regionCount,
    cases: o.cases,
    events,
    seconds: { regions: tRegions, cases: tCases, events: tEvents, rollup: tRollup },
  };
}
