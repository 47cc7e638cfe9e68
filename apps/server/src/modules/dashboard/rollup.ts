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

const addAll = sql.raw(MEASURES.map((m) => `${m} = rollup_cases.${m} + excluded.${m}`).join(", "));
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
// batches, not in one array).
const F = (m: string) => `(x.f).${m}`;
const EXPECTED = sql`
  SELECT a.code AS region_code, a.parent AS parent_code,
    ${sql.raw(
      KEYS.filter((k) => k !== "region_code")
        .map((k) => `${F(k)} AS ${k}`)
        .join(", "),
    )},
    ${sql.raw(MEASURES.map((m) => `sum(${F(m)})::${m === "handling_min" ? "bigint" : "int"} AS ${m}`).join(", "))}
  FROM (SELECT rollup_fact_of(c) AS f FROM cases c) x, rollup_ancestors((x.f).region_path) a
  GROUP BY 1, 2, ${sql.raw(
    KEYS.filter((k) => k !== "region_code")
      .map((_, i) => String(i + 3))
      .join(", "),
  )}`;

/**
 * Recomputes the rollup from `cases` in one REPEATABLE READ snapshot and compares it with what the
 * rollup says (folded sums plus pending deltas). With `apply`, replaces the rollup by the
 * recomputation; deltas committed after the snapshot stay and fold on top, so nothing is lost.
 */
export async function rebuildRollup(db: Db, apply: boolean): Promise<RollupDiff> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${ROLLUP_LOCK})`.execute(conn);
    try {
      return await conn
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute(async (tx) => {
          await sql`CREATE TEMP TABLE rollup_expected ON COMMIT DROP AS ${EXPECTED}`.execute(tx);
          const join = sql.raw(KEYS.map((k) => `x.${k} = r.${k}`).join(" AND "));
          const differs = sql.raw(
            MEASURES.map((m) => `coalesce(x.${m}, 0) <> coalesce(r.${m}, 0)`).join(" OR "),
          );
          const firstDiff = sql.raw(
            `CASE ${MEASURES.map((m) => `WHEN coalesce(x.${m}, 0) <> coalesce(r.${m}, 0) THEN '${m}'`).join(" ")} END`,
          );
          const measureOf = (alias: string) =>
            sql.raw(
              `CASE ${MEASURES.map((m) => `WHEN coalesce(x.${m}, 0) <> coalesce(r.${m}, 0) THEN coalesce(${alias}.${m}, 0)`).join(" ")} END`,
            );
          const diff = await sql<{ key: string; measure: string; rollup: string; cases: string }>`
            WITH r AS (
              SELECT ${keyList}, ${sql.raw(MEASURES.map((m) => `sum(${m}) AS ${m}`).join(", "))}
              FROM rollup_now GROUP BY ${keyList}
            )
            SELECT concat_ws('/', coalesce(x.region_code, r.region_code), coalesce(x.day, r.day),
                coalesce(x.category, r.category), coalesce(x.channel, r.channel),
                coalesce(x.status, r.status), coalesce(x.outcome, r.outcome)) AS key,
              ${firstDiff} AS measure, ${measureOf("r")} AS rollup, ${measureOf("x")} AS cases
            FROM rollup_expected x FULL JOIN r ON ${join}
            WHERE ${differs}
            `.execute(tx);
          if (apply) {
            await sql`DELETE FROM rollup_delta`.execute(tx); // only rows this snapshot sees
            await sql`DELETE FROM rollup_cases`.execute(tx);
            await sql`INSERT INTO rollup_cases SELECT * FROM rollup_expected`.execute(tx);
          }
          const count = await sql<{ c: string }>`SELECT count(*) AS c FROM rollup_expected`.execute(tx);
          return {
            differences: diff.rows.length,
            sample: diff.rows.slice(0, 10).map((d) => ({
              key: d.key,
              measure: d.measure,
              rollup: Number(d.rollup),
              cases: Number(d.cases),
            })),
            rows: Number(count.rows[0]?.c ?? 0),
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
