import { sql } from "kysely";
import type { Db } from "../../db/database";

// The rollup's write side (see migrations/0012_lead_rollups.sql): a trigger on `cases` appends
// signed facts to rollup_delta inside the case's own transaction; fold() moves them into
// rollup_cases; rebuild() recomputes everything from `cases` and says what differed.

/** One advisory lock for fold and rebuild: one folder at a time, no rebuild under a fold. */
const ROLLUP_LOCK = 4_711_011;

export const MEASURES = [
  "n",
  "pending",
  "open",
  "red_open",
  "overdue_open",
  "missed",
  "beyond",
  "reopened",
  "resolved7",
  "cb_done",
  "cb_on_time",
  "rated",
  "satisfied",
  "handling_min",
  "h4",
  "h24",
  "h48",
  "h72",
  "h120",
  "h168",
  "h336",
  "h720",
  "hmore",
] as const;
export type Measure = (typeof MEASURES)[number];
export const KEYS = [
  "region_code",
  "day",
  "category",
  "channel",
  "service",
  "status",
  "outcome",
  "settled_step",
] as const;

/** The dashboard's narrow tiers (migrations/0021_dash_tiers.sql): day 'd' and month 'm' grains. */
export const KPI_KEYS = ["region_code", "grain", "period", "status", "outcome", "settled_step"] as const;
export const MIX_KEYS = ["region_code", "grain", "period", "dim", "value"] as const;
const MIX_MEASURES = ["n", "resolved", "open"] as const;

const addAll = sql.raw(MEASURES.map((m) => `${m} = rollup_cases.${m} + excluded.${m}`).join(", "));
const addAllKpi = sql.raw(MEASURES.map((m) => `${m} = rollup_kpi.${m} + excluded.${m}`).join(", "));
const deltaSums = sql.raw(
  MEASURES.map((m) => `sum(d.sign * (d.f).${m})::${m === "handling_min" ? "bigint" : "int"}`).join(", "),
);
const keyList = sql.raw(KEYS.join(", "));

/**
 * Folds up to `batch` deltas into rollup_cases in one transaction; returns how many it folded
 * (0 when another process holds the fold) and which cases they came from. Safe to run from every process on every tick.
 */
export async function foldRollup(db: Db, batch = 50_000): Promise<{ folded: number; caseIds: string[] }> {
  return db.transaction().execute(async (tx) => {
    const got = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS ok`.execute(
      tx,
    );
    if (!got.rows[0]?.ok) return { folded: 0, caseIds: [] };
    const r = await sql<{ folded: string; ids: string[] | null }>`
      WITH d AS (
        DELETE FROM rollup_delta WHERE id IN (SELECT id FROM rollup_delta ORDER BY id LIMIT ${batch})
        RETURNING sign, f, case_id
      ), a AS (SELECT count(*) AS folded FROM d),
      up AS (
        INSERT INTO rollup_cases
        SELECT x.code, x.parent, (d.f).day, (d.f).category, (d.f).channel, (d.f).service, (d.f).status, (d.f).outcome, (d.f).settled_step,
          sum(d.sign * (d.f).n)::int AS n, sum(d.sign * (d.f).pending)::int AS pending, sum(d.sign * (d.f).open)::int AS open, sum(d.sign * (d.f).red_open)::int AS red_open, sum(d.sign * (d.f).overdue_open)::int AS overdue_open, sum(d.sign * (d.f).missed)::int AS missed, sum(d.sign * (d.f).beyond)::int AS beyond, sum(d.sign * (d.f).reopened)::int AS reopened, sum(d.sign * (d.f).resolved7)::int AS resolved7, sum(d.sign * (d.f).cb_done)::int AS cb_done, sum(d.sign * (d.f).cb_on_time)::int AS cb_on_time, sum(d.sign * (d.f).rated)::int AS rated, sum(d.sign * (d.f).satisfied)::int AS satisfied, sum(d.sign * (d.f).handling_min)::bigint AS handling_min, sum(d.sign * (d.f).h4)::int AS h4, sum(d.sign * (d.f).h24)::int AS h24, sum(d.sign * (d.f).h48)::int AS h48, sum(d.sign * (d.f).h72)::int AS h72, sum(d.sign * (d.f).h120)::int AS h120, sum(d.sign * (d.f).h168)::int AS h168, sum(d.sign * (d.f).h336)::int AS h336, sum(d.sign * (d.f).h720)::int AS h720, sum(d.sign * (d.f).hmore)::int AS hmore
        FROM d, rollup_ancestors((d.f).region_path) x
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (${keyList}) DO UPDATE SET ${addAll}
        RETURNING ${keyList}, n
      ), gone AS (
        DELETE FROM rollup_cases r USING up
        WHERE up.n = 0 AND (r.region_code, r.day, r.category, r.channel, r.service, r.status, r.outcome,
          r.settled_step) = (up.region_code, up.day, up.category, up.channel, up.service, up.status,
          up.outcome, up.settled_step)
      ), kpi AS (
        INSERT INTO rollup_kpi
        SELECT x.code, x.parent, g.grain, g.period, (d.f).status, (d.f).outcome, (d.f).settled_step, ${deltaSums}
        FROM d, rollup_upper((d.f).region_path) x, rollup_periods((d.f).day) g
        GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 3, 4, 5, 6, 7
        ON CONFLICT (${sql.raw(KPI_KEYS.join(", "))}) DO UPDATE SET ${addAllKpi}
      ), mix AS (
        INSERT INTO rollup_mix
        SELECT x.code, g.grain, g.period, m.dim, m.value, sum(d.sign * (d.f).n)::int,
          sum(d.sign * (d.f).n * ((d.f).outcome = 'resolved')::int)::int, sum(d.sign * (d.f).open)::int
        FROM d, rollup_upper((d.f).region_path) x, rollup_periods((d.f).day) g, rollup_dims(d.f) m
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (${sql.raw(MIX_KEYS.join(", "))}) DO UPDATE
          SET n = rollup_mix.n + excluded.n, resolved = rollup_mix.resolved + excluded.resolved,
            open = rollup_mix.open + excluded.open
      )
      SELECT folded, (SELECT array_agg(DISTINCT case_id) FROM d WHERE case_id IS NOT NULL) AS ids FROM a`.execute(
      tx,
    );
    return { folded: Number(r.rows[0]?.folded ?? 0), caseIds: r.rows[0]?.ids ?? [] };
  });
}

/** Folds until nothing is left (the CLI, tests, the nightly job). */
export async function foldAll(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = (await foldRollup(db)).folded;
    total += n;
    if (n === 0) {
      const left = await sql<{ c: string }>`SELECT count(*) AS c FROM rollup_delta`.execute(db);
      if (Number(left.rows[0]?.c ?? 0) === 0) return total;
      await new Promise((r) => setTimeout(r, 50)); // another process is folding
    }
  }
}

export interface RollupDiff {
  /** Rollup keys whose sums differed from `cases` (or existed on one side only). */
  differences: number;
  /** A few of them, for the operator: key and the measure that differed first. */
  sample: { key: string; measure: string; rollup: number; cases: number }[];
  rows: number;
}

// The rollup recomputed from `cases` with a plain GROUP BY (no arrays: 10 M cases fit in work_mem
// batches, not in one array), each row with its region's depth in the path. The narrow tiers are
// sums of its rows at depth <= 4 (it carries every key they split on, and rollup_upper is the same
// cut), so `cases` is read once.
const F = (m: string) => `(x.f).${m}`;
const EXPECTED = sql`
  SELECT a.code AS region_code, a.parent AS parent_code,
    ${sql.raw(
      KEYS.filter((k) => k !== "region_code")
        .map((k) => `${F(k)} AS ${k}`)
        .join(", "),
    )},
    ${sql.raw(MEASURES.map((m) => `sum(${F(m)})::${m === "handling_min" ? "bigint" : "int"} AS ${m}`).join(", "))},
    a.depth
  FROM (SELECT rollup_fact_of(c) AS f FROM cases c) x,
    LATERAL (SELECT p[i] AS code, CASE WHEN i > 1 THEN p[i - 1] END AS parent, i AS depth
      FROM string_to_array((x.f).region_path, '.') p, generate_subscripts(p, 1) i) a
  GROUP BY 1, 2, ${sql.raw(
    KEYS.filter((k) => k !== "region_code")
      .map((_, i) => String(i + 3))
      .join(", "),
  )}, a.depth`;
const sumOf = (m: string) => `sum(${m})::${m === "handling_min" ? "bigint" : "int"} AS ${m}`;
const EXPECTED_KPI = sql.raw(`
  SELECT region_code, parent_code, g.grain, g.period, status, outcome, settled_step,
    ${MEASURES.map(sumOf).join(", ")}
  FROM expected_rollup_cases, rollup_periods(day) g WHERE depth <= 4 GROUP BY 1, 2, 3, 4, 5, 6, 7`);
const EXPECTED_MIX = sql.raw(`
  SELECT region_code, g.grain, g.period, m.dim, m.value, sum(n)::int AS n,
    coalesce(sum(n) FILTER (WHERE outcome = 'resolved'), 0)::int AS resolved, sum(open)::int AS open
  FROM expected_rollup_cases, rollup_periods(day) g,
    LATERAL (VALUES ('category', category), ('channel', channel), ('service', service)) m(dim, value)
  WHERE depth <= 4
  GROUP BY 1, 2, 3, 4, 5`);

/** Each table the fold keeps: its key, its measures and the view of its sums now (folded + pending). */
const TIERS = [
  { table: "rollup_cases", now: "rollup_now", keys: KEYS, measures: MEASURES },
  { table: "rollup_kpi", now: "rollup_kpi_now", keys: KPI_KEYS, measures: MEASURES },
  { table: "rollup_mix", now: "rollup_mix_now", keys: MIX_KEYS, measures: MIX_MEASURES },
] as const;

/** Compares one tier's sums now with its recomputation (temp table `expected_<table>`). */
async function diffTier(tx: Db, t: (typeof TIERS)[number]) {
  const x = `expected_${t.table}`;
  const ms: readonly string[] = t.measures;
  const keys = sql.raw(t.keys.join(", "));
  const join = sql.raw(t.keys.map((k) => `x.${k} = r.${k}`).join(" AND "));
  const differs = sql.raw(ms.map((m) => `coalesce(x.${m}, 0) <> coalesce(r.${m}, 0)`).join(" OR "));
  const firstDiff = sql.raw(
    `CASE ${ms.map((m) => `WHEN coalesce(x.${m}, 0) <> coalesce(r.${m}, 0) THEN '${m}'`).join(" ")} END`,
  );
  const measureOf = (alias: string) =>
    sql.raw(
      `CASE ${ms.map((m) => `WHEN coalesce(x.${m}, 0) <> coalesce(r.${m}, 0) THEN coalesce(${alias}.${m}, 0)`).join(" ")} END`,
    );
  const keyText = sql.raw(
    `concat_ws('/', '${t.table}', ${t.keys.map((k) => `coalesce(x.${k}, r.${k})`).join(", ")})`,
  );
  return sql<{ key: string; measure: string; rollup: string; cases: string; total: string }>`
    WITH r AS (
      SELECT ${keys}, ${sql.raw(ms.map((m) => `sum(${m}) AS ${m}`).join(", "))}
      FROM ${sql.table(t.now)} GROUP BY ${keys}
    )
    SELECT ${keyText} AS key, ${firstDiff} AS measure, ${measureOf("r")} AS rollup, ${measureOf("x")} AS cases,
      count(*) OVER () AS total
    FROM ${sql.table(x)} x FULL JOIN r ON ${join}
    WHERE ${differs}
    LIMIT 10`.execute(tx);
}

/**
 * Recomputes the rollup (every tier) from `cases` in one REPEATABLE READ snapshot and compares it
 * with what the rollup says (folded sums plus pending deltas). With `apply`, replaces the rollup by
 * the recomputation; deltas committed after the snapshot stay and fold on top, so nothing is lost.
 * `compare: false` only replaces (a bulk load, where the comparison would only cost time).
 */
export async function rebuildRollup(db: Db, apply: boolean, compare = true): Promise<RollupDiff> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${ROLLUP_LOCK})`.execute(conn);
    try {
      return await conn
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute(async (tx) => {
          await sql`CREATE TEMP TABLE expected_rollup_cases ON COMMIT DROP AS ${EXPECTED}`.execute(tx);
          await sql`CREATE TEMP TABLE expected_rollup_kpi ON COMMIT DROP AS ${EXPECTED_KPI}`.execute(tx);
          await sql`CREATE TEMP TABLE expected_rollup_mix ON COMMIT DROP AS ${EXPECTED_MIX}`.execute(tx);
          // A few differing keys per tier for the operator, and how many there were.
          const diffs = [];
          let differences = 0;
          for (const t of compare ? TIERS : []) {
            const d = (await diffTier(tx, t)).rows;
            differences += Number(d[0]?.total ?? 0);
            diffs.push(...d);
          }
          let rows = 0;
          if (apply) await sql`DELETE FROM rollup_delta`.execute(tx); // only rows this snapshot sees
          for (const t of TIERS) {
            if (apply) {
              await sql`DELETE FROM ${sql.table(t.table)}`.execute(tx);
              const cols = sql.raw(
                [...t.keys, ...(t.table === "rollup_mix" ? [] : ["parent_code"]), ...t.measures].join(", "),
              );
              await sql`INSERT INTO ${sql.table(t.table)} (${cols}) SELECT ${cols} FROM ${sql.table(`expected_${t.table}`)}`.execute(
                tx,
              );
            }
            const count = await sql<{
              c: string;
            }>`SELECT count(*) AS c FROM ${sql.table(`expected_${t.table}`)}`.execute(tx);
            rows += Number(count.rows[0]?.c ?? 0);
          }
          return {
            differences,
            sample: diffs.slice(0, 10).map((d) => ({
              key: d.key,
              measure: d.measure,
              rollup: Number(d.rollup),
              cases: Number(d.cases),
            })),
            rows,
          };
        });
    } finally {
      await sql`SELECT pg_advisory_unlock(${ROLLUP_LOCK})`.execute(conn);
    }
  });
}

/** Today's open / red / overdue per region (Beijing date), idempotent: re-running overwrites the day. */
export async function snapshotOpen(db: Db, now: Date): Promise<number> {
  const r = await sql`
    INSERT INTO rollup_open_daily (region_code, parent_code, day, open, red, overdue)
    SELECT region_code, min(parent_code), (${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
      sum(open), sum(red_open), sum(overdue_open)
    FROM (SELECT region_code, parent_code, open, red_open, overdue_open FROM rollup_cases WHERE open <> 0
      UNION ALL SELECT region_code, parent_code, open, red_open, overdue_open FROM rollup_pending) x
    GROUP BY region_code
    ON CONFLICT (region_code, day) DO UPDATE
      SET open = excluded.open, red = excluded.red, overdue = excluded.overdue`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
