import { type KpiRow, MEASURE_KEYS, type Measures } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";

// Reads only (replica-ready): every figure comes from rollup_now (folded sums + pending deltas),
// by region_code for a region and by parent_code for its children; the red list from `cases`.

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

export type DimRow = KpiRow & { matured: boolean; category: string; channel: string; service: string };

/** The region's own figures in the period, split by category, channel and service. */
export async function dimRows(db: Db, region: string, p: Period): Promise<DimRow[]> {
  const r = await sql<Row & { category: string; channel: string; service: string }>`
    SELECT category, channel, service, status, outcome, settled_step, day <= ${p.maturedBy}::date AS matured, ${SUMS}
    FROM rollup_now WHERE region_code = ${region} AND day BETWEEN ${p.from}::date AND ${p.to}::date
    GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
  return r.rows.map((row) => ({
    ...toKpiRow(row),
    category: row.category,
    channel: row.channel,
    service: row.service,
  }));
}

export type ChildRow = KpiRow & { matured: boolean; code: string };

/** Each child region's figures in the period (its whole subtree). */
export async function childRows(db: Db, region: string, p: Period): Promise<ChildRow[]> {
  const r = await sql<Row & { region_code: string }>`
    SELECT region_code, status, outcome, settled_step, day <= ${p.maturedBy}::date AS matured, ${SUMS}
    FROM rollup_now WHERE parent_code = ${region} AND day BETWEEN ${p.from}::date AND ${p.to}::date
    GROUP BY 1, 2, 3, 4, 5`.execute(db);
  return r.rows.map((row) => ({ ...toKpiRow(row), code: row.region_code }));
}

export interface OpenNow {
  code: string;
  open: number;
  red: number;
  overdue: number;
}

/**
 * Open, red and overdue now (whenever received) for the region itself and each child: folded rows
 * of open cases through the partial indexes, plus every pending delta.
 */
export async function openNow(db: Db, region: string): Promise<{ self: OpenNow; children: OpenNow[] }> {
  const [self, children] = await Promise.all([
    sql<OpenNow>`SELECT ${region} AS code, coalesce(sum(open), 0)::int AS open, coalesce(sum(red_open), 0)::int AS red,
        coalesce(sum(overdue_open), 0)::int AS overdue
      FROM (SELECT * FROM rollup_cases WHERE region_code = ${region} AND open <> 0
        UNION ALL SELECT * FROM rollup_pending WHERE region_code = ${region}) x`.execute(db),
    sql<OpenNow>`SELECT region_code AS code, sum(open)::int AS open, sum(red_open)::int AS red,
        sum(overdue_open)::int AS overdue
      FROM (SELECT * FROM rollup_cases WHERE parent_code = ${region} AND open <> 0
        UNION ALL SELECT * FROM rollup_pending WHERE parent_code = ${region}) x
      GROUP BY region_code`.execute(db),
  ]);
  return { self: self.rows[0] ?? { code: region, open: 0, red: 0, overdue: 0 }, children: children.rows };
}

export interface TrendPoint {
  period: string;
  received: number;
  resolved: number;
  resolved7: number;
  beyond: number;
  red: number;
}

/** Received / resolved per week or month (by day received), over `from`–`to`. */
export async function trend(db: Db, region: string, unit: "week" | "month", from: string, to: string) {
  const r = await sql<TrendPoint>`
    SELECT to_char(date_trunc(${unit}, day), 'YYYY-MM-DD') AS period, sum(n)::int AS received,
      (sum(n) FILTER (WHERE outcome = 'resolved'))::int AS resolved, sum(resolved7)::int AS resolved7,
      sum(beyond)::int AS beyond, sum(red_open)::int AS red
    FROM rollup_now WHERE region_code = ${region} AND day BETWEEN ${from}::date AND ${to}::date
    GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows.map((p) => ({ ...p, resolved: p.resolved ?? 0 }));
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
