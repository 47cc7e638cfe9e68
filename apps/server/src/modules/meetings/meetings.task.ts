import {
  AppError,
  assertTaskable,
  type CaseCause,
  decisionTaskedCause,
  settledCauses,
  taskDaysFor,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { dispatchInTx } from "../tasks/tasks.commands";
import { taskCalendar } from "../tasks/tasks.repository";
import { agendaIds, infoOf, openDecisionCount } from "./meetings.commands";
import { meetingForActor, requireRunner } from "./meetings.repository";

// A decision owned by a unit becomes a 交办 task (转为交办任务): the task's clocks replace the
// decision's follow-up clock, and the decision follows the task — answered → done, cancelled →
// dropped. Lock order as in meetings.hold.ts: meeting → agenda cases → decision.

/** 转为交办任务: the meeting's runner dispatches the decision to its owner unit on its one case. */
export async function decisionToTask(o: {
  ctx: AppContext;
  actor: SessionUser;
  meetingId: string;
  decisionId: string;
  role: "lead" | "co";
}): Promise<string> {
  const { ctx, actor } = o;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const m = await meetingForActor(tx, actor, o.meetingId, { forUpdate: true });
    requireRunner(actor, m);
    const ids = await agendaIds(tx, m.id);
    await tx.selectFrom("cases").select("id").where("id", "in", ids).orderBy("id").forUpdate().execute();
    const d = await tx
      .selectFrom("meeting_decisions")
      .selectAll()
      .where("id", "=", o.decisionId)
      .where("meeting_id", "=", m.id)
      .forUpdate()
      .executeTakeFirst();
    if (!d) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    assertTaskable(
      { status: d.status, ownerUnitId: d.owner_unit_id, taskId: d.task_id, caseIds: d.case_ids },
      m.state,
    );
    const caseId = d.case_ids[0] as string;
    const c = await tx
      .selectFrom("cases")
      .select("policy_key")
      .where("id", "=", caseId)
      .executeTakeFirstOrThrow();
    const days = taskDaysFor(now, new Date(d.due_at), await taskCalendar(ctx, c.policy_key));
    const taskId = await dispatchInTx({
      ctx,
      tx,
      actor,
      caseRef: caseId,
      now,
      input: {
        unitId: d.owner_unit_id as string,
        role: o.role,
        instructions: `「${m.title}」议定：${d.text}`.slice(0, 5000),
        days,
        counting: "working",
        attachmentIds: [],
      },
      extra: (task) => [
        decisionTaskedCause({
          meeting: infoOf(m),
          decision: { id: d.id, text: d.text },
          task: { id: task.id, unitName: task.unitName, dueAt: task.dueAt },
          now,
        }),
      ],
    });
    await tx.updateTable("meeting_decisions").set({ task_id: taskId }).where("id", "=", d.id).execute();
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "meeting.decision_tasked",
      entity: "meeting",
      entityId: m.id,
      data: { decisionId: d.id, taskId, days },
    });
    return taskId;
  });
}

/**
 * The task of a decision was answered or cancelled: the decision is done (with the task's result)
 * or dropped, in the task's transaction. Returns the causes of the task's case (to join the task's
 * own change) and of the other agenda cases (the meeting closing), for the caller to apply.
 */
export async function decisionFollowsTask(o: {
  tx: Tx;
  taskId: string;
  caseId: string;
  status: "done" | "dropped";
  result: string;
  actorId: string;
  now: Date;
}): Promise<{ own: CaseCause[]; others: Map<string, CaseCause[]> }> {
  const { tx, now } = o;
  const none = { own: [], others: new Map() };
  const d = await tx
    .selectFrom("meeting_decisions")
    .selectAll()
    .where("task_id", "=", o.taskId)
    .where("status", "=", "open")
    .forUpdate()
    .executeTakeFirst();
  if (!d) return none;
  const m = await tx
    .selectFrom("meetings")
    .selectAll()
    .where("id", "=", d.meeting_id)
    .executeTakeFirstOrThrow();
  const closes = (await openDecisionCount(tx, m.id)) === 1;
  await tx
    .updateTable("meeting_decisions")
    .set({ status: o.status, result: o.result, settled_at: now, settled_by: o.actorId })
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
    agendaCaseIds: await agendaIds(tx, m.id),
    decision: { id: d.id, text: d.text, caseIds: d.case_ids },
    status: o.status,
    result: o.result,
    closes,
    now,
  });
  await audit(tx, {
    at: now,
    actorId: o.actorId,
    action: `meeting.decision_${o.status}`,
    entity: "meeting",
    entityId: m.id,
    data: { decisionId: d.id, taskId: o.taskId, result: o.result, closes },
  });
  const own = causes.get(o.caseId);
  causes.delete(o.caseId);
  return { own: own ? [own] : [], others: new Map([...causes].map(([id, c]) => [id, [c]])) };
}
