import {
  AppError,
  authorize,
  can,
  inSubtree,
  type MeetingKind,
  mayConvene,
  type TMeetingListQuery,
  type TMeetingSummary,
  type TMeetingView,
} from "@fengqiao/core";
import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { MeetingRow } from "../../db/schema";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";

// Who sees a meeting: its region is in the user's subtree, the user's unit is invited or owns a
// decision, or a case on its agenda is one the user sees (a village cadre follows the township's
// 会诊 on the village's case). Filtered in SQL, like cases; anything else answers 404.

const onlyDepartment = (a: SessionUser) => a.roles.every((r) => r === "department_handler");

export function meetingVisible(actor: SessionUser): RawBuilder<SqlBool> {
  const parts: RawBuilder<unknown>[] = [];
  if (!onlyDepartment(actor)) {
    parts.push(atOrBelow("m.region_path", actor.regionPath));
    parts.push(sql`EXISTS (SELECT 1 FROM meeting_cases mc JOIN cases c ON c.id = mc.case_id
      WHERE mc.meeting_id = m.id AND ${atOrBelow("c.region_path", actor.regionPath)})`);
  }
  if (actor.unitId) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM meeting_invitees i WHERE i.meeting_id = m.id AND i.unit_id = ${actor.unitId})`,
    );
    parts.push(
      sql`EXISTS (SELECT 1 FROM meeting_decisions d WHERE d.meeting_id = m.id AND d.owner_unit_id = ${actor.unitId})`,
    );
  }
  return parts.length > 0 ? sql<SqlBool>`(${sql.join(parts, sql` OR `)})` : sql<SqlBool>`false`;
}

/** The role half of reading meetings; the jurisdiction half is meetingVisible in SQL. */
const requireReader = (actor: SessionUser) =>
  authorize(actor, "meeting.read", { regionPath: actor.regionPath, assignedUnitId: actor.unitId });

export async function meetingForActor(
  db: Db | Tx,
  actor: SessionUser,
  id: string,
  o: { forUpdate: boolean },
): Promise<MeetingRow> {
  requireReader(actor);
  let q = db.selectFrom("meetings as m").selectAll("m").where("m.id", "=", id).where(meetingVisible(actor));
  if (o.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

/** May this user convene, invite to, record or cancel a meeting of this kind here. */
export const mayRun = (actor: SessionUser, m: { kind: string; region_path: string }) =>
  can(actor, "meeting.convene", { regionPath: m.region_path }) &&
  mayConvene(actor.roles, m.kind as MeetingKind);

export function requireRunner(actor: SessionUser, m: { kind: string; region_path: string }) {
  if (!mayRun(actor, m)) throw new AppError("FORBIDDEN");
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

// One query per list: each meeting with its agenda (codes and titles), open/overdue decisions and the
// next open deadline, so a list of 50 meetings is one round trip.
const summaryColumns = [
  sql<string>`(SELECT name FROM regions r WHERE r.code = m.region_code)`.as("region_name"),
  sql<{ id: string; code: string; title: string }[]>`coalesce((SELECT json_agg(json_build_object(
      'id', c.id, 'code', c.code, 'title', c.title) ORDER BY c.code)
    FROM meeting_cases mc JOIN cases c ON c.id = mc.case_id WHERE mc.meeting_id = m.id), '[]')`.as("cases"),
  sql<number>`(SELECT count(*)::int FROM meeting_decisions d WHERE d.meeting_id = m.id AND d.status = 'open')`.as(
    "open_decisions",
  ),
  sql<number>`(SELECT count(*)::int FROM meeting_decisions d
    WHERE d.meeting_id = m.id AND d.status = 'open' AND d.overdue)`.as("overdue_decisions"),
  sql<Date | null>`(SELECT min(d.due_at) FROM meeting_decisions d WHERE d.meeting_id = m.id AND d.status = 'open')`.as(
    "next_due_at",
  ),
] as const;

type SummaryRow = MeetingRow & {
  region_name: string;
  cases: { id: string; code: string; title: string }[];
  open_decisions: number;
  overdue_decisions: number;
  next_due_at: Date | null;
};

function presentSummary(r: SummaryRow): TMeetingSummary {
  return {
    id: r.id,
    kind: r.kind as MeetingKind,
    title: r.title,
    state: r.state as TMeetingSummary["state"],
    regionCode: r.region_code,
    regionName: r.region_name ?? r.region_code,
    startsAt: new Date(r.starts_at).toISOString(),
    place: r.place,
    cases: r.cases,
    openDecisions: r.open_decisions,
    overdueDecisions: r.overdue_decisions,
    nextDueAt: iso(r.next_due_at),
  };
}

export async function listMeetings(
  db: Db,
  actor: SessionUser,
  q: TMeetingListQuery,
): Promise<TMeetingSummary[]> {
  requireReader(actor);
  let query = db
    .selectFrom("meetings as m")
    .selectAll("m")
    .select(summaryColumns)
    .where(meetingVisible(actor))
    .orderBy("m.starts_at", "desc")
    .orderBy("m.id")
    .limit(q.limit);
  if (q.region) {
    const region = await db
      .selectFrom("regions")
      .select("path")
      .where("code", "=", q.region)
      .executeTakeFirst();
    if (!region || !inSubtree(region.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    query = query.where(atOrBelow("m.region_path", region.path));
  }
  if (q.state) query = query.where("m.state", "=", q.state);
  if (q.kind) query = query.where("m.kind", "=", q.kind);
  // Dates are Beijing calendar days.
  if (q.from)
    query = query.where(
      sql<SqlBool>`m.starts_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    );
  if (q.to)
    query = query.where(
      sql<SqlBool>`m.starts_at < ((${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    );
  if (q.caseId)
    query = query.where(
      sql<SqlBool>`EXISTS (SELECT 1 FROM meeting_cases mc WHERE mc.meeting_id = m.id AND mc.case_id = ${q.caseId})`,
    );
  const rows = (await query.execute()) as SummaryRow[];
  return rows.map(presentSummary);
}

/** The whole record of one meeting, with what this user may do with it now. */
export async function meetingView(db: Db | Tx, actor: SessionUser, m: MeetingRow): Promise<TMeetingView> {
  const summary = (await db
    .selectFrom("meetings as m")
    .selectAll("m")
    .select(summaryColumns)
    .where("m.id", "=", m.id)
    .executeTakeFirstOrThrow()) as SummaryRow;
  const [invitees, decisions, agenda, convener] = await Promise.all([
    db.selectFrom("meeting_invitees").selectAll().where("meeting_id", "=", m.id).orderBy("name").execute(),
    db.selectFrom("meeting_decisions").selectAll().where("meeting_id", "=", m.id).orderBy("seq").execute(),
    db.selectFrom("meeting_cases").select(["case_id", "outcome"]).where("meeting_id", "=", m.id).execute(),
    db.selectFrom("users").select("display_name").where("id", "=", m.convened_by).executeTakeFirst(),
  ]);
  const runner = mayRun(actor, m);
  const settler =
    m.state === "held" &&
    decisions.some(
      (d) =>
        d.status === "open" &&
        can(actor, "meeting.followup", { regionPath: m.region_path, assignedUnitId: d.owner_unit_id }),
    );
  const state = m.state as TMeetingView["state"];
  const allowed = [
    ...(runner && state === "planned" ? ["invite", "hold", "cancel"] : []),
    ...(settler ? ["settle"] : []),
    // 转为交办任务: the runner, while the decisions are followed up.
    ...(runner && state === "held" ? ["task"] : []),
  ];
  return {
    ...presentSummary(summary),
    convenedBy: convener?.display_name ?? "",
    heldAt: iso(m.held_at),
    minutes: m.minutes,
    closedAt: iso(m.closed_at),
    cancelledAt: iso(m.cancelled_at),
    cancelReason: m.cancel_reason,
    invitees: invitees.map((i) => ({
      id: i.id,
      unitId: i.unit_id,
      userId: i.user_id,
      name: i.name,
      org: i.org,
      attendance: i.attendance as "present" | "absent" | "excused" | null,
    })),
    decisions: decisions.map((d) => ({
      id: d.id,
      seq: d.seq,
      text: d.text,
      ownerUnitId: d.owner_unit_id,
      ownerUserId: d.owner_user_id,
      ownerName: d.owner_name,
      caseIds: d.case_ids,
      dueAt: new Date(d.due_at).toISOString(),
      warnAt: iso(d.warn_at),
      basis: d.basis,
      status: d.status as "open" | "done" | "dropped",
      overdue: d.overdue,
      result: d.result,
      settledAt: iso(d.settled_at),
      taskId: d.task_id,
    })),
    outcomes: agenda.flatMap((a) => {
      const o = a.outcome as { type: string; text: string; to?: string } | null;
      return o ? [{ caseId: a.case_id, type: o.type, text: o.text, to: o.to ?? null }] : [];
    }),
    allowed,
  };
}
