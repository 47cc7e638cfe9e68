import { categoryFamily, type KpiRow, kpis, type TDashboard, type TDashboardQuery } from "@fengqiao/core";
import type { Db } from "../../db/database";
import type { RegionRow } from "../../db/schema";
import {
  backlog,
  kpiRows,
  type MixRow,
  mixRows,
  openNow,
  type Period,
  redNow,
  risksIn,
  risksOf,
  trends,
} from "./dashboard.repository";
import { childrenMap } from "./map";

const DAY = 86_400_000;
/** YYYY-MM-DD of an instant in Beijing time. */
export const beijingDay = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const minusDays = (d: string, n: number) => beijingDay(new Date(Date.parse(`${d}T12:00:00+08:00`) - n * DAY));

/** The default period is the last 90 days up to today (Beijing). */
export function periodOf(q: TDashboardQuery, now: Date): Period {
  const to = q.to ?? beijingDay(now);
  const from = q.from ?? minusDays(to, 89);
  return { from, to, maturedBy: minusDays(beijingDay(now), 7) };
}

/** One mix (category, channel or service), the largest first. */
function slices(rows: MixRow[], dim: MixRow["dim"]) {
  return rows
    .filter((r) => r.dim === dim)
    .map(({ code, received, resolved, open }) => ({ code, received, resolved, open }))
    .sort((a, b) => b.received - a.received);
}

export function redReasons(c: {
  missed_deadline: boolean;
  callback_missed: boolean;
  failed_mediation: boolean;
  high_risk: boolean;
}): string[] {
  const out: string[] = [];
  if (c.callback_missed) out.push("callback");
  if (c.missed_deadline) out.push("overdue");
  if (c.failed_mediation) out.push("failedMediation");
  if (c.high_risk) out.push("highRisk");
  return out;
}

export async function dashboard(
  db: Db,
  o: { region: RegionRow; actorPath: string; query: TDashboardQuery; now: Date },
): Promise<TDashboard> {
  const { region, now } = o;
  const p = periodOf(o.query, now);
  const crumbCodes = region.path.split(".");
  const [figures, mix, open, trend, snaps, reds, meta, crumbRows, risks] = await Promise.all([
    kpiRows(db, region, p),
    mixRows(db, region, p),
    openNow(db, region),
    trends(db, region, minusDays(p.to, 26 * 7 - 1), `${minusDays(p.to, 365).slice(0, 7)}-01`, p.to),
    backlog(db, region.code, minusDays(p.to, 89)),
    redNow(db, region.path, 20),
    db
      .selectFrom("regions")
      .select(["code", "name", "level", "geojson"])
      .where("parent_code", "=", region.code)
      .orderBy("code")
      .execute(),
    db
      .selectFrom("regions")
      .select(["code", "name", "level", "path"])
      .where("code", "in", crumbCodes)
      .execute(),
    risksIn(db, region.path, 20),
  ]);
  const redRisks = await risksOf(
    db,
    reds.map((c) => c.id),
  );
  const dims = figures.self;
  const mature = dims.filter((r) => r.matured);
  const byChild = new Map<string, KpiRow[]>();
  // Appended in place: a province's children bring thousands of rows, copying the list per row is quadratic.
  for (const r of figures.children) {
    const list = byChild.get(r.code);
    if (list) list.push(r);
    else byChild.set(r.code, [r]);
  }
  const openByChild = new Map(open.children.map((c) => [c.code, c]));
  const children = meta.map((m) => {
    const k = kpis(byChild.get(m.code) ?? []);
    const now = openByChild.get(m.code);
    return {
      code: m.code,
      name: m.name,
      level: m.level,
      received: k.received,
      resolved: k.resolved,
      villageRate: k.villageRate,
      townshipRate: k.townshipRate,
      open: now?.open ?? 0,
      red: now?.red ?? 0,
      overdue: now?.overdue ?? 0,
    };
  });
  const inScope = (path: string) => path === o.actorPath || path.startsWith(`${o.actorPath}.`);
  return {
    region: { code: region.code, name: region.name, level: region.level },
    crumbs: crumbCodes.flatMap((c) => {
      const r = crumbRows.find((x) => x.code === c);
      return r && inScope(r.path) ? [{ code: r.code, name: r.name, level: r.level }] : [];
    }),
    period: { from: p.from, to: p.to },
    asOf: now.toISOString(),
    kpis: kpis(dims, mature),
    now: { open: open.self.open, red: open.self.red, overdue: open.self.overdue },
    children,
    map: childrenMap(meta),
    byCategory: slices(mix, "category").map((s) => ({ ...s, family: categoryFamily(s.code) })),
    byChannel: slices(mix, "channel"),
    byService: slices(mix, "service").map((s) => ({ ...s, code: s.code || "none" })),
    trend,
    backlog: snaps,
    red: reds.map((c) => ({
      id: c.id,
      code: c.code,
      title: c.title,
      category: c.category,
      step: c.step,
      status: c.status,
      stepDueAt: c.step_due_at ? new Date(c.step_due_at).toISOString() : null,
      regionCode: c.region_code,
      regionName: c.region_name,
      reasons: [...new Set([...redReasons(c), ...(redRisks.get(c.id) ?? [])])],
    })),
    risks: {
      byRule: risks.byRule,
      cases: risks.cases.map((c) => ({
        id: c.id,
        code: c.code,
        title: c.title,
        regionName: c.region_name,
        why: c.why,
      })),
    },
  };
}
