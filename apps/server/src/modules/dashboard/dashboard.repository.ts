import { type KpiRow, MEASURE_KEYS, type Measures } from "@fengqiao/core";
import { type RawBuilder, sql } from "kysely";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";

// Reads only (replica-ready): every figure comes from the narrow tiers (migrations/0021_dash_tiers.sql)
// as folded sums + pending deltas (rollup_kpi_now, rollup_mix_now); the red list from `cases`.
// A period reads its whole months from month rows and its ragged edges from day rows. The tiers
// hold the top TIER_DEPTH levels of the tree; villages and grids read rollup_cases in the same
// shape (*_low views: day rows only, so every period is read by day there).

/** The tiers' depth (rollup_upper in migrations/0021_dash_tiers.sql cuts at the same level). */
export const TIER_DEPTH = 4;
const depthOf = (path: string) => path.split(".").length;
const kpiSource = (depth: number) => sql.table(depth <= TIER_DEPTH ? "rollup_kpi_now" : "rollup_kpi_low");
/** Month rows exist in the tiers only: below them every period is read by day. */
const monthsAt = (depth: number, months: string[]) => (depth <= TIER_DEPTH ? months : []);

const snake = (k: string) => k.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
const SUMS = sql.raw(
  MEASURE_KEYS.map((k) => `sum(${snake(k)})::${k === "handlingMin" ? "float8" : "int"} AS "${k}"`).join(", "),
);

type Row = Measures & { status: string; outcome: string; settled_step: number; matured: boolean };
const toKpiRow = (r: Row): KpiRow & { matured: boolean } => {
  const m = Object.fromEntries(MEASURE_KEYS.map((k) => [k, Number(r[k])])) as Measures;
  return { status: r.status, outcome: r.outcome, settledStep: r.settled_step, m, matured: r.matured };
};

export interface Period {
  from: string;
  to: string;
  /** Cases received on or before this day have had their 7 days. */
  maturedBy: string;
}

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const nextMonth = (m: string) => {
  const d = new Date(dayMs(m));
  return isoDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
};

/**
 * The months lying wholly inside from–to (first days), except the one `split` falls inside
 * (split < its last day): its days fall on both sides of the 7-day maturity, so it is read by day.
 */
export function wholeMonths(from: string, to: string, split?: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = nextMonth(m)) {
    const last = isoDay(dayMs(nextMonth(m)) - 86_400_000);
    if (m < from || last > to) continue;
    if (split !== undefined && split >= m && split < last) continue;
    out.push(m);
  }
  return out;
}

/**
 * Rows of a tier covering exactly from–to: month rows of the whole months, day rows of the rest.
 * `where` is repeated in each arm so both are index ranges on (region or parent, grain, period):
 * with it outside the OR, a province's children read every period's rows of the index and
 * filtered them on the heap (183,000 rows, 4 s cold at 2 M cases).
 */
function inPeriod(where: RawBuilder<unknown>, from: string, to: string, months: string[]) {
  return sql`((${where} AND grain = 'm' AND period = ANY(${months}::date[]))
    OR (${where} AND grain = 'd' AND period BETWEEN ${from}::date AND ${to}::date
      AND date_trunc('month', period)::date <> ALL(${months}::date[])))`;
}

export type DimRow = KpiRow & { matured: boolean };
export type ChildRow = KpiRow & { matured: boolean; code: string };

/**
 * The region's own figures in the period and each child's (its whole subtree), each an index range.
 */
export async function kpiRows(
  db: Db,
  region: { code: string; path: string },
  p: Period,
): Promise<{ self: DimRow[]; children: ChildRow[] }> {
  const all = wholeMonths(p.from, p.to, p.maturedBy);
  const depth = depthOf(region.path);
  const read = (src: number, where: RawBuilder<unknown>) => {
    const months = monthsAt(src, all);
    return sql<Row & { region_code: string }>`
      SELECT region_code, status, outcome, settled_step,
        CASE WHEN grain = 'm' THEN (period + interval '1 month' - interval '1 day')::date ELSE period END
          <= ${p.maturedBy}::date AS matured,
        ${SUMS}
      FROM ${kpiSource(src)} WHERE ${inPeriod(where, p.from, p.to, months)}
      GROUP BY 1, 2, 3, 4, 5`.execute(db);
  };
  const rows = (
    await Promise.all([
      read(depth, sql`region_code = ${region.code}`),
      read(depth + 1, sql`parent_code = ${region.code}`),
    ])
  ).flatMap((r) => r.rows);
  const self: DimRow[] = [];
  const children: ChildRow[] = [];
  for (const row of rows) {
    if (row.region_code === region.code) self.push(toKpiRow(row));
    else children.push({ ...toKpiRow(row), code: row.region_code });
  }
  return { self, children };
}

export interface MixRow {
  dim: "category" | "channel" | "service";
  code: string;
  received: number;
  resolved: number;
  open: number;
}

/** Received, resolved and open per category, channel and service (the mixes), in the period. */
export async function mixRows(db: Db, region: { code: string; path: string }, p: Period): Promise<MixRow[]> {
  const depth = depthOf(region.path);
  const months = monthsAt(depth, wholeMonths(p.from, p.to));
  const src = sql.table(depth <= TIER_DEPTH ? "rollup_mix_now" : "rollup_mix_low");
  const r = await sql<MixRow>`
    SELECT dim, value AS code, sum(n)::int AS received, sum(resolved)::int AS resolved, sum(open)::int AS open
    FROM ${src} WHERE ${inPeriod(sql`region_code = ${region.code}`, p.from, p.to, months)}
    GROUP BY 1, 2`.execute(db);
  return r.rows;
}

export interface OpenNow {
  code: string;
  open: number;
  red: number;
  overdue: number;
}

/**
 * Open, red and overdue now (whenever received) for the region itself and each child, in one
 * query: day rows of open cases through the partial indexes (the tiers', or rollup_cases' below
 * them), plus every pending delta.
 */
export async function openNow(
  db: Db,
  region: { code: string; path: string },
): Promise<{ self: OpenNow; children: OpenNow[] }> {
  const depth = depthOf(region.path);
  const at = (src: number, col: "region_code" | "parent_code") =>
    src <= TIER_DEPTH
      ? sql`SELECT region_code, open, red_open, overdue_open FROM rollup_kpi
          WHERE grain = 'd' AND open <> 0 AND ${sql.ref(col)} = ${region.code}
        UNION ALL SELECT region_code, open, red_open, overdue_open FROM rollup_kpi_pending
          WHERE grain = 'd' AND ${sql.ref(col)} = ${region.code}`
      : sql`SELECT region_code, open, red_open, overdue_open FROM rollup_cases
          WHERE open <> 0 AND ${sql.ref(col)} = ${region.code}
        UNION ALL SELECT region_code, open, red_open, overdue_open FROM rollup_pending
          WHERE ${sql.ref(col)} = ${region.code}`;
  const r = await sql<OpenNow>`
    SELECT region_code AS code, sum(open)::int AS open, sum(red_open)::int AS red, sum(overdue_open)::int AS overdue
    FROM (${at(depth, "region_code")} UNION ALL ${at(depth + 1, "parent_code")}) x
    GROUP BY region_code`.execute(db);
  const self = r.rows.find((x) => x.code === region.code) ?? {
    code: region.code,
    open: 0,
    red: 0,
    overdue: 0,
  };
  return { self, children: r.rows.filter((x) => x.code !== region.code) };
}

export interface TrendPoint {
  period: string;
  received: number;
  resolved: number;
  resolved7: number;
  beyond: number;
  red: number;
}

/**
 * Received / resolved per week (26 weeks, from day rows) and per month (from month rows, the
 * partial months at either end from day rows), by day received; one query.
 */
export async function trends(
  db: Db,
  region: { code: string; path: string },
  weeksFrom: string,
  monthsFrom: string,
  to: string,
) {
  const depth = depthOf(region.path);
  const months = monthsAt(depth, wholeMonths(monthsFrom, to));
  const src = kpiSource(depth);
  const r = await sql<TrendPoint & { unit: "week" | "month" }>`
    SELECT unit, to_char(p, 'YYYY-MM-DD') AS period, sum(n)::int AS received,
      coalesce(sum(n) FILTER (WHERE outcome = 'resolved'), 0)::int AS resolved, sum(resolved7)::int AS resolved7,
      sum(beyond)::int AS beyond, sum(red_open)::int AS red
    FROM (
      SELECT 'week' AS unit, date_trunc('week', period) AS p, n, outcome, resolved7, beyond, red_open FROM ${src}
      WHERE region_code = ${region.code} AND grain = 'd' AND period BETWEEN ${weeksFrom}::date AND ${to}::date
      UNION ALL
      SELECT 'month', date_trunc('month', period), n, outcome, resolved7, beyond, red_open FROM ${src}
      WHERE ${inPeriod(sql`region_code = ${region.code}`, monthsFrom, to, months)}
    ) x GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  const pick = (u: "week" | "month") =>
    r.rows.filter((x) => x.unit === u).map(({ unit: _, ...point }) => point as TrendPoint);
  return { week: pick("week"), month: pick("month") };
}

/** The nightly open-case snapshots (backlog over time). */
export async function backlog(db: Db, region: string, from: string) {
  const r = await sql<{ day: string; open: number; red: number; overdue: number }>`
    SELECT day, open, red, overdue FROM rollup_open_daily
    WHERE region_code = ${region} AND day >= ${from}::date ORDER BY day`.execute(db);
  return r.rows;
}

/** Open red cases in the subtree, the most urgent first. */
export async function redNow(db: Db, path: string, limit: number) {
  return db
    .selectFrom("cases")
    .innerJoin("regions", "regions.code", "cases.region_code")
    .select([
      "cases.id",
      "cases.code",
      "cases.title",
      "cases.category",
      "cases.step",
      "cases.status",
      "cases.step_due_at",
      "cases.missed_deadline",
      "cases.callback_missed",
      "cases.failed_mediation",
      "cases.high_risk",
      "cases.region_code",
      "regions.name as region_name",
    ])
    .where("cases.status", "in", ["submitted", "accepted", "mediating", "paused"])
    .where("cases.warning", "=", "red")
    .where(atOrBelow("cases.region_path", path))
    .orderBy(sql`coalesce(cases.step_due_at, 'infinity'::timestamptz)`)
    .limit(limit)
    .execute();
}

export interface RiskCase {
  id: string;
  code: string;
  title: string;
  region_name: string;
  why: { rule: string; zh: string; en: string }[];
}

/** Open cases with risk hits in the subtree: counts per rule and the most recent cases. */
export async function risksIn(db: Db, path: string, limit: number) {
  const inTree = sql`(r.region_path = ${path} OR r.region_path LIKE ${`${path}.%`})`;
  const [byRule, cases] = await Promise.all([
    sql<{ rule: string; n: number }>`SELECT r.rule, count(*)::int AS n FROM case_risks r WHERE ${inTree}
      GROUP BY r.rule`.execute(db),
    sql<RiskCase>`
      SELECT c.id, c.code, c.title, g.name AS region_name,
        jsonb_agg(jsonb_build_object('rule', r.rule, 'zh', r.why->>'zh', 'en', r.why->>'en') ORDER BY r.rule) AS why
      FROM case_risks r JOIN cases c ON c.id = r.case_id JOIN regions g ON g.code = c.region_code
      WHERE ${inTree}
      GROUP BY c.id, c.code, c.title, g.name, c.created_at
      ORDER BY count(*) DESC, c.created_at DESC LIMIT ${limit}`.execute(db),
  ]);
  return { byRule: Object.fromEntries(byRule.rows.map((r) => [r.rule, r.n])), cases: cases.rows };
}

/** Risk rules hit by these cases (the red list's "why"). */
export async function risksOf(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, string[]>();
  const r = await sql<{ case_id: string; rules: string[] }>`
    SELECT case_id, array_agg(rule ORDER BY rule) AS rules FROM case_risks
    WHERE case_id = ANY(${ids}::uuid[]) GROUP BY case_id`.execute(db);
  return new Map(r.rows.map((x) => [x.case_id, x.rules]));
}
