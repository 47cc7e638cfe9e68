import { CATEGORY_FAMILIES, type CategoryFamily, categoriesOf } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import { atOrBelow, atOrBelowColumn } from "../../db/subtree";

export interface StatsRow {
  total: number;
  open: number;
  resolved: number;
  closedNotResolved: number;
  /** 全量受理: closed without being resolved, each kind apart — 转出, 不予受理, 合并 (duplicate). */
  referred: number;
  rejected: number;
  merged: number;
  settledStep1: number;
  settledUpTo2: number;
  settledUpTo4: number;
  escalatedBeyond: number;
  red: number;
  overdue: number;
}

// The counters of one group of cases. Steps 2 and 4 are the village and township rungs of 四级七天:
// 小事不出村 = settled at step ≤ 2, 大事不出镇 = settled at step ≤ 4, 矛盾不上交 = never beyond the ladder.
const counters = (now: Date) => sql<StatsRow>`
  count(c.id)::int AS "total",
  count(*) FILTER (WHERE c.status IN ('submitted','accepted','mediating','paused'))::int AS "open",
  count(*) FILTER (WHERE c.outcome = 'resolved')::int AS "resolved",
  count(*) FILTER (WHERE c.status = 'closed' AND c.outcome IS DISTINCT FROM 'resolved')::int AS "closedNotResolved",
  count(*) FILTER (WHERE c.outcome = 'referred')::int AS "referred",
  count(*) FILTER (WHERE c.outcome = 'rejected')::int AS "rejected",
  count(*) FILTER (WHERE c.outcome = 'merged')::int AS "merged",
  count(*) FILTER (WHERE c.outcome = 'resolved' AND c.settled_step = 1)::int AS "settledStep1",
  count(*) FILTER (WHERE c.outcome = 'resolved' AND c.settled_step <= 2)::int AS "settledUpTo2",
  count(*) FILTER (WHERE c.outcome = 'resolved' AND c.settled_step <= 4)::int AS "settledUpTo4",
  count(*) FILTER (WHERE c.step > c.step_count)::int AS "escalatedBeyond",
  count(*) FILTER (WHERE c.status IN ('submitted','accepted','mediating','paused')
    AND c.warning = 'red')::int AS "red",
  count(*) FILTER (WHERE c.status IN ('submitted','accepted','mediating')
    AND c.step_due_at < ${now})::int AS "overdue"`;

/** Counters per child region of `parentCode` (each child's whole subtree), in one GROUP BY. */
export async function statsByChild(db: Db, parentCode: string, now: Date) {
  const r = await sql<StatsRow & { code: string; name: string; level: string }>`
    SELECT r.code, r.name, r.level, ${counters(now)}
    FROM regions r
    LEFT JOIN cases c ON ${atOrBelowColumn("c.region_path", "r.path")}
    WHERE r.parent_code = ${parentCode}
    GROUP BY r.code, r.name, r.level
    ORDER BY r.code`.execute(db);
  return r.rows;
}

/** The same counters over the whole subtree, including cases filed at the region itself. */
export async function statsOfSubtree(db: Db, path: string, now: Date): Promise<StatsRow> {
  const r = await sql<StatsRow>`
    SELECT ${counters(now)} FROM cases c
    WHERE ${atOrBelow("c.region_path", path)}`.execute(db);
  const row = r.rows[0];
  if (!row) throw new Error("aggregate returned no row");
  return row;
}

/**
 * The same counters per family (事件类 / 矛盾纠纷类), both always present: a pothole report must not
 * weigh on the dispute-mediation figures, nor a dispute on the service-request ones.
 */
export async function statsByFamily(db: Db, path: string, now: Date) {
  const r = await sql<StatsRow & { family: CategoryFamily }>`
    SELECT CASE WHEN c.category = ANY(${categoriesOf("incident")}::text[]) THEN 'incident' ELSE 'dispute' END
      AS family, ${counters(now)}
    FROM cases c
    WHERE ${atOrBelow("c.region_path", path)}
    GROUP BY 1`.execute(db);
  const zero = { ...EMPTY };
  return CATEGORY_FAMILIES.map((f) => {
    const { family: _f, ...counts } = r.rows.find((row) => row.family === f.code) ?? {
      family: f.code,
      ...zero,
    };
    return { family: f.code, name: f.zh, ...counts };
  });
}

const EMPTY: StatsRow = {
  total: 0,
  open: 0,
  resolved: 0,
  closedNotResolved: 0,
  referred: 0,
  rejected: 0,
  merged: 0,
  settledStep1: 0,
  settledUpTo2: 0,
  settledUpTo4: 0,
  escalatedBeyond: 0,
  red: 0,
  overdue: 0,
};

const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/** Rates the dashboards show; null where nothing was resolved yet (no rate, rather than 0 %). */
export function withRates(s: StatsRow) {
  return {
    ...s,
    villageRate: ratio(s.settledUpTo2, s.resolved),
    townshipRate: ratio(s.settledUpTo4, s.resolved),
  };
}
