import {
  type AgendaCase,
  AppError,
  assertMeetingCan,
  authorize,
  type CaseCause,
  can,
  cancelledCauses,
  checkConvene,
  type MeetingInfo,
  type MeetingKind,
  plannedCauses,
  policyStep,
  type TInvitee,
  type TMeetingCreate,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { MeetingRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { transitionCase } from "../cases/case-change";
import { type CaseChange, saveCaseChanges } from "../cases/case-store";
import { visibleTo } from "../cases/cases.repository";
import { meetingForActor, requireRunner } from "./meetings.repository";
import { meetingSettings } from "./meetings.settings";

// Every change to a meeting: lock the meeting, then its agenda's cases (by id, so two meetings on
// the same cases never deadlock), change the meeting's own rows, and let each case take the
// procedure cause on the one transition path — all in one transaction with its audit row.

export const infoOf = (m: Pick<MeetingRow, "id" | "kind" | "title">): MeetingInfo => ({
  id: m.id,
  kind: m.kind as MeetingKind,
  title: m.title,
});

/** Locks the cases, applies each its causes (in order) and saves them set-based. */
export async function changeAgenda(o: {
  ctx: AppContext;
  tx: Tx;
  causes: Map<string, CaseCause[]>;
  actorId: string | null;
  now: Date;
}): Promise<CaseChange[]> {
  const ids = [...o.causes.keys()].sort();
  if (ids.length === 0) return [];
  const rows = await o.tx
    .selectFrom("cases")
    .selectAll()
    .where("id", "in", ids)
    .orderBy("id")
    .forUpdate()
    .execute();
  const changes: CaseChange[] = [];
  for (const row of rows) {
    const cause = o.causes.get(row.id) ?? [];
    if (cause.length > 0) changes.push(await transitionCase({ ctx: o.ctx, row, cause, now: o.now }));
  }
  await saveCaseChanges(o.tx, changes, o.actorId, o.now);
  return changes;
}

const single = <T>(m: Map<string, T>) => new Map([...m].map(([k, v]) => [k, [v as CaseCause]]));

export async function agendaIds(tx: Tx, meetingId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom("meeting_cases")
    .select("case_id")
    .where("meeting_id", "=", meetingId)
    .execute();
  return rows.map((r) => r.case_id);
}

/** Units and users exist; outsiders come by name. Returns rows to insert and the units' kinds. */
async function resolveInvitees(tx: Tx, meetingId: string, invitees: TInvitee[]) {
  const unitIds = invitees.flatMap((i) => (i.unitId ? [i.unitId] : []));
  const userIds = invitees.flatMap((i) => (i.userId ? [i.userId] : []));
  const units = unitIds.length
    ? await tx.selectFrom("units").select(["id", "name", "kind"]).where("id", "in", unitIds).execute()
    : [];
  const users = userIds.length
    ? await tx.selectFrom("users").select(["id", "display_name"]).where("id", "in", userIds).execute()
    : [];
  const rows = invitees.map((i) => {
    const unit = i.unitId ? units.find((u) => u.id === i.unitId) : undefined;
    const user = i.userId ? users.find((u) => u.id === i.userId) : undefined;
    if ((i.unitId && !unit) || (i.userId && !user)) {
      throw new AppError(
        "INVALID_INPUT",
        { zh: "受邀单位或人员不存在", en: "No such invited unit or person" },
        {
          field: "invitees",
        },
      );
    }
    return {
      meeting_id: meetingId,
      unit_id: i.unitId ?? null,
      user_id: i.userId ?? null,
      name: unit?.name ?? user?.display_name ?? i.name ?? "",
      org: i.org ?? null,
    };
  });
  return { rows, unitKinds: units.map((u) => u.kind) };
}

/** 召集: a 会诊, 要事联商, 拍板 or 府院联动 meeting on cases in the convener's jurisdiction. */
export async function conveneMeeting(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TMeetingCreate;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const region = await tx
      .selectFrom("regions")
      .select(["code", "path"])
      .where("code", "=", input.regionCode ?? actor.regionCode)
      .executeTakeFirst();
    if (!region) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    authorize(actor, "meeting.convene", { regionPath: actor.regionPath });
    const caseIds = [...new Set(input.caseIds)].sort();
    const cases = await tx
      .selectFrom("cases")
      .select(["id", "code", "status", "region_path", "policy_key", "step"])
      .where("id", "in", caseIds)
      .where(visibleTo(actor))
      .orderBy("id")
      .forUpdate()
      .execute();
    if (cases.length !== caseIds.length) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    const agenda: AgendaCase[] = [];
    for (const c of cases) {
      const policy = await ctx.rules.policy(c.policy_key);
      const level = policy ? (policyStep(policy, c.step)?.level ?? null) : null;
      agenda.push({ id: c.id, code: c.code, status: c.status, regionPath: c.region_path, stepLevel: level });
    }
    const id = crypto.randomUUID();
    const invited = await resolveInvitees(tx, id, input.invitees);
    checkConvene({
      kind: input.kind,
      roles: actor.roles,
      actorRegionPath: actor.regionPath,
      meetingRegionPath: region.path,
      agenda,
      invitedUnitKinds: invited.unitKinds,
      settings: await meetingSettings(tx),
    });
    const startsAt = new Date(input.startsAt);
    const meeting = await tx
      .insertInto("meetings")
      .values({
        id,
        kind: input.kind,
        title: input.title,
        region_code: region.code,
        region_path: region.path,
        starts_at: startsAt,
        place: input.place,
        convened_by: actor.userId,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("meeting_cases")
      .values(caseIds.map((case_id) => ({ meeting_id: id, case_id, outcome: null })))
      .execute();
    if (invited.rows.length) await tx.insertInto("meeting_invitees").values(invited.rows).execute();
    const causes = plannedCauses(infoOf(meeting), caseIds, startsAt, input.place, now);
    await changeAgenda({ ctx, tx, causes: single(causes), actorId: actor.userId, now });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "meeting.convened",
      entity: "meeting",
      entityId: id,
      data: { kind: input.kind, title: input.title, caseIds, invitees: invited.rows.length },
    });
    return meeting;
  });
}

/** 邀请: more units or people before the meeting sits. */
export async function inviteToMeeting(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  invitees: TInvitee[];
  now: Date;
}) {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const m = await meetingForActor(tx, actor, o.id, { forUpdate: true });
    requireRunner(actor, m);
    assertMeetingCan(m.state as "planned", "invite");
    const invited = await resolveInvitees(tx, m.id, o.invitees);
    await tx.insertInto("meeting_invitees").values(invited.rows).execute();
    const names = invited.rows.map((r) => r.name);
    const ids = await agendaIds(tx, m.id);
    const event = { type: "meeting.invited", at: now, data: { ...infoOf(m), names } };
    const causes = new Map(ids.map((c) => [c, [{ type: "procedure" as const, events: [event] }]]));
    await changeAgenda({ ctx, tx, causes, actorId: actor.userId, now });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "meeting.invited",
      entity: "meeting",
      entityId: m.id,
      data: { names },
    });
    return m;
  });
}

/** 取消: a planned meeting that will not sit; the agenda's timelines say why. */
export async function cancelMeeting(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  reason: string;
  now: Date;
}) {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const m = await meetingForActor(tx, actor, o.id, { forUpdate: true });
    requireRunner(actor, m);
    assertMeetingCan(m.state as "planned", "cancel");
    await tx
      .updateTable("meetings")
      .set({ state: "cancelled", cancelled_at: now, cancel_reason: o.reason })
      .where("id", "=", m.id)
      .execute();
    const causes = cancelledCauses(infoOf(m), await agendaIds(tx, m.id), o.reason, now);
    await changeAgenda({ ctx, tx, causes: single(causes), actorId: actor.userId, now });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "meeting.cancelled",
      entity: "meeting",
      entityId: m.id,
      data: { reason: o.reason },
    });
    return m;
  });
}

/** Who may mark a decision done or dropped: the convening side in scope, the owner unit's handler, the owner. */
export function requireSettler(
  actor: SessionUser,
  m: MeetingRow,
  d: { owner_unit_id: string | null; owner_user_id: string | null },
) {
  const ok =
    d.owner_user_id === actor.userId ||
    can(actor, "meeting.followup", { regionPath: m.region_path, assignedUnitId: d.owner_unit_id });
  if (!ok) throw new AppError("FORBIDDEN");
}

/** Rows of the decisions table still open for a meeting (the closing check). */
export async function openDecisionCount(tx: Tx, meetingId: string): Promise<number> {
  const r = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM meeting_decisions WHERE meeting_id = ${meetingId} AND status = 'open'`.execute(
    tx,
  );
  return r.rows[0]?.n ?? 0;
}
