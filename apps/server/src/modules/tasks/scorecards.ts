import { AppError, type TScorecardRow } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";

// 效果联评: what each unit achieved in a period — outcomes only (DOMAIN §7): deadlines kept, returns,
// 督办单, cases resolved, the citizens' ratings and reopenings of the cases it handled. Never logins,
// clicks or check-ins: nothing here reads sessions or the audit log.

/** Beijing calendar days [from, to] as instants [start, end). */
export function period(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 24 * 3600_000);
  if (
    Number.isNaN(start.getTime()) ||
    Number.isNaN(end.getTime()) ||
    end <= start ||
    end.getTime() - start.getTime() > 400 * 24 * 3600_000
  )
    throw new AppError("INVALID_INPUT", {
      zh: "统计期间无效（最长一年）",
      en: "Invalid period (one year at most)",
    });
  return { start, end };
}

interface Row {
  unit_id: string;
  unit_name: string;
  tasks: number;
  signed_on_time: number;
  answered_on_time: number;
  returned: number;
  overdue: number;
  yellow: number;
  red: number;
  resolved: number;
  ratings: number;
  satisfied: number;
  reopened: number;
  training_sessions: number;
  training_person_hours: number;
  law_year: number | null;
  law_title: string | null;
}

/**
 * Per unit, over cases in `path`'s subtree: tasks dispatched in the period and how they went; cases
 * the unit handled (it had a task on it, or the case was assigned to it) resolved, rated and reopened
 * in the period.
 */
export async function scorecards(
  db: Db,
  path: string,
  from: string,
  to: string,
  now: Date,
): Promise<TScorecardRow[]> {
  const { start, end } = period(from, to);
  const inTree = sql`(c.region_path = ${path} OR c.region_path LIKE ${`${path}.%`})`;
  const r = await sql<Row>`
    WITH t AS (
      SELECT t.* FROM tasks t JOIN cases c ON c.id = t.case_id
      WHERE ${inTree} AND t.dispatched_at >= ${start} AND t.dispatched_at < ${end}
    ), per AS (
      SELECT unit_id,
        count(*)::int AS tasks,
        count(*) FILTER (WHERE signed_at IS NOT NULL AND signed_at <= sign_due_at)::int AS signed_on_time,
        count(*) FILTER (WHERE answered_at IS NOT NULL AND answered_at <= due_at)::int AS answered_on_time,
        count(*) FILTER (WHERE status = 'returned')::int AS returned,
        -- 超期: a promise broken, either of them — signed or answered late, or still open past the
        -- deadline it owes (the supervision view's "overdue" counts the open ones the same way).
        count(*) FILTER (WHERE signed_at > sign_due_at OR answered_at > due_at
                            OR (status IN ('dispatched', 'signed') AND due_at < ${now})
                            OR (status = 'dispatched' AND sign_due_at < ${now}))::int AS overdue,
        count(*) FILTER (WHERE yellow_at IS NOT NULL)::int AS yellow,
        count(*) FILTER (WHERE red_at IS NOT NULL)::int AS red
      FROM t GROUP BY unit_id
    ), handled AS (
      SELECT DISTINCT t.unit_id, t.case_id FROM tasks t JOIN cases c ON c.id = t.case_id WHERE ${inTree}
      UNION
      SELECT c.assigned_unit_id, c.id FROM cases c WHERE c.assigned_unit_id IS NOT NULL AND ${inTree}
    ), outcome AS (
      SELECT h.unit_id,
        count(*) FILTER (WHERE c.resolved_at >= ${start} AND c.resolved_at < ${end})::int AS resolved,
        coalesce(sum(e.ratings), 0)::int AS ratings,
        coalesce(sum(e.satisfied), 0)::int AS satisfied,
        coalesce(sum(e.reopened), 0)::int AS reopened
      FROM handled h JOIN cases c ON c.id = h.case_id
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE type = 'case.rated') AS ratings,
               count(*) FILTER (WHERE type = 'case.rated'
                                  AND data->>'rating' IN ('satisfied', 'basically_satisfied')) AS satisfied,
               count(*) FILTER (WHERE type = 'case.reopened') AS reopened
        FROM case_events WHERE case_id = h.case_id AND type IN ('case.rated', 'case.reopened')
          AND at >= ${start} AND at < ${end}
      ) e ON true
      GROUP BY h.unit_id
    ), tr AS (
      -- 教学练战 in the period, by units of the area (beside, never inside, the outcome figures).
      SELECT t.unit_id, count(*)::int AS sessions, sum(t.hours * t.attendees)::float8 AS person_hours
      FROM unit_trainings t JOIN units tu ON tu.id = t.unit_id JOIN regions rg ON rg.code = tu.region_code
      WHERE (rg.path = ${path} OR rg.path LIKE ${`${path}.%`})
        AND t.held_on >= ${from}::date AND t.held_on <= ${to}::date
      GROUP BY t.unit_id
    )
    SELECT u.id AS unit_id, u.name AS unit_name,
      coalesce(tr.sessions, 0) AS training_sessions, coalesce(tr.person_hours, 0) AS training_person_hours,
      lr.year AS law_year, lr.title AS law_title,
      coalesce(p.tasks, 0) AS tasks, coalesce(p.signed_on_time, 0) AS signed_on_time,
      coalesce(p.answered_on_time, 0) AS answered_on_time, coalesce(p.returned, 0) AS returned,
      coalesce(p.overdue, 0) AS overdue, coalesce(p.yellow, 0) AS yellow, coalesce(p.red, 0) AS red,
      coalesce(o.resolved, 0) AS resolved, coalesce(o.ratings, 0) AS ratings,
      coalesce(o.satisfied, 0) AS satisfied, coalesce(o.reopened, 0) AS reopened
    FROM units u
    LEFT JOIN per p ON p.unit_id = u.id
    LEFT JOIN outcome o ON o.unit_id = u.id
    LEFT JOIN tr ON tr.unit_id = u.id
    -- 述法: the report of the period's last year.
    LEFT JOIN unit_law_reports lr ON lr.unit_id = u.id AND lr.year = ${Number(to.slice(0, 4))}
    WHERE p.unit_id IS NOT NULL OR o.unit_id IS NOT NULL OR tr.unit_id IS NOT NULL
    ORDER BY u.name`.execute(db);
  return r.rows.map((x) => ({
    unitId: x.unit_id,
    unitName: x.unit_name,
    tasks: x.tasks,
    signedOnTime: x.signed_on_time,
    answeredOnTime: x.answered_on_time,
    returned: x.returned,
    overdue: x.overdue,
    yellowNotices: x.yellow,
    redNotices: x.red,
    casesResolved: x.resolved,
    ratings: x.ratings,
    satisfied: x.satisfied,
    satisfaction: x.ratings > 0 ? Math.round((x.satisfied / x.ratings) * 1000) / 1000 : null,
    reopened: x.reopened,
    trainingSessions: x.training_sessions,
    trainingPersonHours: Math.round(x.training_person_hours * 10) / 10,
    lawReport: x.law_year === null || x.law_title === null ? null : { year: x.law_year, title: x.law_title },
  }));
}

/** Column headings of the sheet and the printed page, in the order shown. */
export const SCORECARD_COLUMNS: { key: keyof TScorecardRow; zh: string; width: number }[] = [
  { key: "unitName", zh: "单位", width: 28 },
  { key: "tasks", zh: "交办任务", width: 10 },
  { key: "signedOnTime", zh: "按时签收", width: 10 },
  { key: "answeredOnTime", zh: "按时答复", width: 10 },
  { key: "returned", zh: "退回", width: 8 },
  { key: "overdue", zh: "超期", width: 8 },
  { key: "yellowNotices", zh: "黄色督办", width: 10 },
  { key: "redNotices", zh: "红色督办", width: 10 },
  { key: "casesResolved", zh: "化解案件", width: 10 },
  { key: "satisfaction", zh: "满意率", width: 10 },
  { key: "reopened", zh: "重新办理", width: 10 },
  { key: "trainingSessions", zh: "教学练战（次）", width: 12 },
  { key: "trainingPersonHours", zh: "培训人·时", width: 10 },
  { key: "lawReport", zh: "述法报告", width: 24 },
];

export function cellOf(row: TScorecardRow, key: keyof TScorecardRow): string | number {
  if (key === "satisfaction")
    return row.satisfaction === null
      ? "—"
      : `${Math.round(row.satisfaction * 1000) / 10}%（${row.satisfied}/${row.ratings}）`;
  if (key === "lawReport") return row.lawReport ? `${row.lawReport.year}年 ${row.lawReport.title}` : "—";
  return row[key];
}
