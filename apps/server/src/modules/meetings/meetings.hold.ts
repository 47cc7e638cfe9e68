import {
  AppError,
  assertMeetingCan,
  authorize,
  type CaseCause,
  COMMAND_ACTION,
  checkOutcomes,
  type Decision,
  decisionDue,
  heldCauses,
  type MeetingState,
  paibanCommands,
  settledCauses,
  type TDecisionInput,
  type TMeetingHold,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { policyOrThrow } from "../cases/case-change";
import { caseResource } from "../cases/cases.repository";
import { agendaIds, changeAgenda, infoOf, openDecisionCount, requireSettler } from "./meetings.commands";
import { meetingForActor, requireRunner } from "./meetings.repository";
import { meetingSettings } from "./meetings.settings";

// 召开 (minutes, attendance, decisions, and for a 拍板 each case's outcome) and 办结 of a decision.
// Lock order everywhere: meeting → agenda cases (by id) → decisions; the clock sweep locks cases
// before it touches decisions, so the two never wait on each other in a circle.

// A meeting may be recorded a little after it sat, never before it sits.
const CLOCK_SKEW_MS = 5 * 60_000;

const lockCases = (tx: Tx, ids: string[]) =>
  tx.selectFrom("cases").selectAll().where("id", "in", ids).orderBy("id").forUpdate().execute();

const invalid = (zh: string, en: string, field: string) =>
  new AppError("INVALID_INPUT", { zh, en }, { field });

async function ownerNames(tx: Tx, decisions: TDecisionInput[]) {
  const unitIds = decisions.flatMap((d) => (d.ownerUnitId ? [d.ownerUnitId] : []));
  const userIds = decisions.flatMap((d) => (d.ownerUserId ? [d.ownerUserId] : []));
  const units = unitIds.length
    ? await tx.selectFrom("units").select(["id", "name"]).where("id", "in", unitIds).execute()
    : [];
  const users = userIds.length
    ? await tx.selectFrom("users").select(["id", "display_name as name"]).where("id", "in", userIds).execute()
    : [];
  const names = new Map([...units, ...users].map((r) => [r.id, r.name]));
  return (d: TDecisionInput) => {
    const name = names.get(d.ownerUnitId ?? d.ownerUserId ?? "");
    if (!name) throw invalid("决定的承办单位或人员不存在", "No such decision owner", "decisions");
    return name;
  };
}

export async function holdMeeting(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  input: TMeetingHold;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const m = await meetingForActor(tx, actor, o.id, { forUpdate: true });
    requireRunner(actor, m);
    assertMeetingCan(m.state as MeetingState, "hold");
    const heldAt = input.heldAt ? new Date(input.heldAt) : now;
    if (heldAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      throw invalid("会议尚未召开，不能提前记录", "A meeting cannot be recorded before it sits", "heldAt");
    const ids = await agendaIds(tx, m.id);
    const cases = await lockCases(tx, ids);
    checkOutcomes(m.kind as "decision", ids, input.outcomes);

    const invitees = await tx
      .selectFrom("meeting_invitees")
      .select("id")
      .where("meeting_id", "=", m.id)
      .execute();
    const known = new Set(invitees.map((i) => i.id));
    if (input.attendance.some((a) => !known.has(a.inviteeId)))
      throw invalid("签到名单中有未受邀的人员", "Attendance names someone not invited", "attendance");

    const nameOf = await ownerNames(tx, input.decisions);
    const first = cases[0] as CaseRow;
    const calendar = await ctx.rules.calendar(await policyOrThrow(ctx, first.policy_key));
    const settings = await meetingSettings(tx);
    const decisions: Decision[] = input.decisions.map((d) => {
      const caseIds = d.caseIds ?? ids;
      if (caseIds.length === 0 || caseIds.some((c) => !ids.includes(c)))
        throw invalid(
          "决定所涉案件须在本次会议议题内",
          "A decision's cases must be on the agenda",
          "decisions",
        );
      const draft = {
        id: crypto.randomUUID(),
        text: d.text,
        ownerUnitId: d.ownerUnitId ?? null,
        ownerUserId: d.ownerUserId ?? null,
        ownerName: nameOf(d),
        caseIds,
        dueDate: d.dueDate,
        workingDays: d.workingDays,
      };
      return decisionDue(heldAt, draft, settings, calendar);
    });
    const closes = decisions.length === 0;

    if (decisions.length)
      await tx
        .insertInto("meeting_decisions")
        .values(
          decisions.map((d, i) => ({
            id: d.id,
            meeting_id: m.id,
            seq: i + 1,
            text: d.text,
            owner_unit_id: d.ownerUnitId,
            owner_user_id: d.ownerUserId,
            owner_name: d.ownerName,
            case_ids: d.caseIds,
            due_at: d.dueAt,
            warn_at: d.warnAt,
            basis: d.basis,
            task_id: null,
          })),
        )
        .execute();
    for (const a of input.attendance)
      await tx
        .updateTable("meeting_invitees")
        .set({ attendance: a.attendance })
        .where("id", "=", a.inviteeId)
        .execute();
    await tx
      .updateTable("meetings")
      .set({
        state: closes ? "closed" : "held",
        held_at: heldAt,
        minutes: input.minutes,
        closed_at: closes ? now : null,
      })
      .where("id", "=", m.id)
      .execute();

    const held = heldCauses({
      meeting: infoOf(m),
      caseIds: ids,
      codes: Object.fromEntries(cases.map((c) => [c.id, c.code])),
      attendance: input.attendance.map((a) => a.attendance),
      decisions,
      closes,
      now,
    });
    const causes = new Map<string, CaseCause[]>([...held].map(([id, c]) => [id, [c]]));
    // 拍板: each case's outcome through the workflow's own commands, checked like any command.
    for (const outcome of input.outcomes) {
      const row = cases.find((c) => c.id === outcome.caseId) as CaseRow;
      const policy = await policyOrThrow(ctx, row.policy_key);
      const commands = paibanCommands(row.status, outcome, m.title);
      for (const command of commands)
        authorize(actor, COMMAND_ACTION[command.type], caseResource(row, policy));
      causes
        .get(row.id)
        ?.push(...commands.map((command) => ({ type: "command" as const, command, actorId: actor.userId })));
      await tx
        .updateTable("meeting_cases")
        .set({ outcome: JSON.stringify(outcome) })
        .where("meeting_id", "=", m.id)
        .where("case_id", "=", row.id)
        .execute();
    }
    await changeAgenda({ ctx, tx, causes, actorId: actor.userId, now });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "meeting.held",
      entity: "meeting",
      entityId: m.id,
      data: { decisions: decisions.length, attendance: input.attendance.length, outcomes: input.outcomes },
    });
    return m;
  });
}

/** 办结 (done, with its result) or 撤销 (dropped, with the reason) of one decision. */
export async function settleDecision(o: {
  ctx: AppContext;
  actor: SessionUser;
  meetingId: string;
  decisionId: string;
  status: "done" | "dropped";
  result: string;
  now: Date;
}) {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const m = await meetingForActor(tx, actor, o.meetingId, { forUpdate: true });
    const ids = await agendaIds(tx, m.id);
    await lockCases(tx, ids);
    const d = await tx
      .selectFrom("meeting_decisions")
      .selectAll()
      .where("id", "=", o.decisionId)
      .where("meeting_id", "=", m.id)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    requireSettler(actor, m, d);
    assertMeetingCan(m.state as MeetingState, "settle");
    if (d.status !== "open")
      throw new AppError("INVALID_TRANSITION", {
        zh: "该决定已办结或撤销",
        en: "The decision is already settled",
      });
    const closes = (await openDecisionCount(tx, m.id)) === 1;
    await tx
      .updateTable("meeting_decisions")
      .set({ status: o.status, result: o.result, settled_at: now, settled_by: actor.userId })
      .where("id", "=", d.id)
      .execute();
    if (closes)
      await tx
        .updateTable("meetings")
        .set({ state: "closed", closed_at: now })
        .where("id", "=", m.id)
        .execute();
    const causes = settledCauses({
      meeting: infoOf(m),
      agendaCaseIds: ids,
      decision: { id: d.id, text: d.text, caseIds: d.case_ids },
      status: o.status,
      result: o.result,
      closes,
      now,
    });
    await changeAgenda({
      ctx,
      tx,
      causes: new Map([...causes].map(([id, c]) => [id, [c]])),
      actorId: actor.userId,
      now,
    });
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: `meeting.decision_${o.status}`,
      entity: "meeting",
      entityId: m.id,
      data: { decisionId: d.id, result: o.result, closes },
    });
    return m;
  });
}
