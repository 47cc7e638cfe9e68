import {
  AppError,
  authorize,
  type CaseCause,
  dispatchTask,
  isOpen,
  type Task,
  type TaskCommand,
  type TTaskDispatch,
  taskTransition,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { changeCase } from "../cases/case-change";
import { findCaseForActor } from "../cases/cases.repository";
import { changeAgenda } from "../meetings/meetings.commands";
import { decisionFollowsTask } from "../meetings/meetings.task";
import {
  findTaskForActor,
  openLeadTasks,
  reachableUnit,
  type TaskWithCase,
  taskCalendar,
  taskColumns,
  taskSettings,
  tasksWithCase,
  toTask,
} from "./tasks.repository";

// Every task change is one transaction: lock the case, core's taskTransition, write the task row,
// and the case takes the procedure cause (timeline event, clocks, notices) on the one path.

async function lockCase(tx: Tx, caseId: string): Promise<CaseRow> {
  return tx.selectFrom("cases").selectAll().where("id", "=", caseId).forUpdate().executeTakeFirstOrThrow();
}

async function checkAttachments(tx: Tx, caseId: string, ids: string[]) {
  if (ids.length === 0) return;
  const found = await tx
    .selectFrom("attachments")
    .select("id")
    .where("case_id", "=", caseId)
    .where("id", "in", ids)
    .execute();
  if (found.length !== new Set(ids).size)
    throw new AppError(
      "INVALID_INPUT",
      { zh: "附件须为本案件的附件", en: "Attachments must belong to this case" },
      { field: "attachmentIds" },
    );
}

/** 交办: the center or the township gives a piece of an open case in its jurisdiction to a unit. */
export async function dispatch(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  input: TTaskDispatch;
  previous?: TaskWithCase;
}): Promise<string> {
  const now = o.ctx.clock.now();
  return o.ctx.db.transaction().execute((tx) => dispatchInTx({ ...o, tx, now }));
}

/**
 * 交办 inside the caller's transaction (a meeting decision becoming a task uses it too): `extra`
 * causes are applied to the case after the dispatch, in the same change.
 */
export async function dispatchInTx(o: {
  ctx: AppContext;
  tx: Tx;
  actor: SessionUser;
  caseRef: string;
  input: TTaskDispatch;
  previous?: TaskWithCase;
  now: Date;
  extra?: (task: Task) => CaseCause[];
}): Promise<string> {
  const { ctx, tx, actor, input, now } = o;
  const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
  authorize(actor, "task.dispatch", { regionPath: row.region_path });
  if (!isOpen(row.status))
    throw new AppError("INVALID_TRANSITION", {
      zh: "案件已办结，不能再交办",
      en: "The case is settled; no new tasks",
    });
  const unit = await reachableUnit(tx, actor, input.unitId, row.region_path);
  await checkAttachments(tx, row.id, input.attachmentIds);
  const settings = await taskSettings(tx);
  const id = crypto.randomUUID();
  const { task, cause } = dispatchTask(
    {
      id,
      caseId: row.id,
      caseCode: row.code,
      unit,
      role: input.role,
      instructions: input.instructions,
      days: input.days,
      counting: input.counting,
      attachmentIds: input.attachmentIds,
      previous: o.previous ? { id: o.previous.id, unitName: o.previous.unit_name } : null,
    },
    settings,
    now,
    await taskCalendar(ctx, row.policy_key),
  );
  await tx
    .insertInto("tasks")
    .values({
      id,
      case_id: row.id,
      unit_id: unit.id,
      role: task.role,
      instructions: task.instructions,
      counting: task.counting,
      days: task.days,
      attachment_ids: task.attachmentIds,
      status: task.status,
      dispatched_at: now,
      dispatched_by: actor.userId,
      sign_due_at: task.signDueAt,
      due_at: task.dueAt,
      overdue_stage: null,
      signed_at: null,
      signed_by: null,
      answered_at: null,
      answered_by: null,
      result: null,
      returned_at: null,
      return_reason: null,
      cancelled_at: null,
      yellow_at: null,
      red_at: null,
      previous_task_id: task.previousTaskId,
      basis: settings.basis.zh,
    })
    .execute();
  if (o.previous) {
    // A meeting decision given as the returned task now follows the new one.
    await tx
      .updateTable("meeting_decisions")
      .set({ task_id: id })
      .where("task_id", "=", o.previous.id)
      .where("status", "=", "open")
      .execute();
    // The returned task is kept as it was; it only says that it has been re-dispatched.
    const r = await tx
      .updateTable("tasks")
      .set({ redispatched: true })
      .where("id", "=", o.previous.id)
      .where("status", "=", "returned")
      .where("redispatched", "=", false)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError("CONFLICT");
  }
  const causes = [cause, ...(o.extra?.(task) ?? [])];
  await changeCase({ ctx, tx, row, cause: causes, now, actorId: actor.userId });
  return id;
}

/** 签收 / 答复 / 退回 by the unit, 撤销 by the center. */
export async function taskCommand(o: {
  ctx: AppContext;
  actor: SessionUser;
  taskId: string;
  command: TaskCommand;
}): Promise<void> {
  const { ctx, actor, command } = o;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const seen = await findTaskForActor(tx, actor, o.taskId);
    const resource = { regionPath: seen.case_region_path, assignedUnitId: seen.unit_id };
    authorize(actor, command.type === "cancel" ? "task.dispatch" : "task.handle", resource);
    const row = await lockCase(tx, seen.case_id);
    // Read again under the case's lock, and lock the task: a colleague may have changed it meanwhile,
    // and the task sweep (which writes tasks without their cases) may hold it for a moment.
    const current = await tasksWithCase(tx)
      .where("tasks.id", "=", seen.id)
      .forUpdate("tasks")
      .executeTakeFirstOrThrow();
    if (command.type === "answer") await checkAttachments(tx, row.id, command.evidenceIds);
    const settings = await taskSettings(tx);
    const cal = await taskCalendar(ctx, row.policy_key);
    const { task, cause } = taskTransition(toTask(current), command, now, cal, settings);
    const by =
      command.type === "sign"
        ? { signed_by: actor.userId }
        : command.type === "answer"
          ? { answered_by: actor.userId, signed_by: current.signed_by ?? actor.userId }
          : {};
    await tx
      .updateTable("tasks")
      .set({ ...taskColumns(task), ...by })
      .where("id", "=", task.id)
      .execute();
    // A meeting decision given as this task follows it: answered → done, cancelled → dropped.
    const follows =
      command.type === "answer" || command.type === "cancel"
        ? await decisionFollowsTask({
            tx,
            taskId: task.id,
            caseId: row.id,
            status: command.type === "answer" ? "done" : "dropped",
            result: command.type === "answer" ? command.result : command.reason,
            actorId: actor.userId,
            now,
          })
        : { own: [], others: new Map() };
    await changeCase({ ctx, tx, row, cause: [cause, ...follows.own], now, actorId: actor.userId });
    await changeAgenda({ ctx, tx, causes: follows.others, actorId: actor.userId, now });
  });
}

/** 重新交办 a returned task: a new task (to this or another unit) pointing back at the returned one. */
export async function redispatch(o: {
  ctx: AppContext;
  actor: SessionUser;
  taskId: string;
  input: { unitId: string; instructions?: string; days?: number };
}): Promise<string> {
  const prev = await findTaskForActor(o.ctx.db, o.actor, o.taskId);
  authorize(o.actor, "task.dispatch", { regionPath: prev.case_region_path });
  if (prev.status !== "returned" || prev.redispatched)
    throw new AppError("INVALID_TRANSITION", {
      zh: "只有被退回且尚未重新交办的任务可以重新交办",
      en: "Only a returned task not yet re-dispatched can be re-dispatched",
    });
  return dispatch({
    ctx: o.ctx,
    actor: o.actor,
    caseRef: prev.case_id,
    previous: prev,
    input: {
      unitId: o.input.unitId,
      role: prev.role as Task["role"],
      instructions: o.input.instructions ?? prev.instructions,
      days: o.input.days ?? prev.days,
      counting: prev.counting as Task["counting"],
      attachmentIds: prev.attachment_ids,
    },
  });
}

/**
 * The resolve path: a case with an open 主办 task is not resolved — unless the center or the
 * township overrides, with a reason, which goes into the timeline before the resolution.
 */
export async function resolveGuard(
  tx: Tx,
  actor: SessionUser,
  row: CaseRow,
  override: { reason: string } | undefined,
): Promise<CaseCause | null> {
  const open = await openLeadTasks(tx, row.id);
  if (open.length === 0) return null;
  const units = open.map((t) => t.name);
  if (!override) {
    throw new AppError(
      "TASKS_OPEN",
      {
        zh: `主办单位（${units.join("、")}）的交办任务尚未办结，不能办结案件；综治中心可说明理由后强制办结`,
        en: `Open lead task(s) of ${units.join(", ")}: the case cannot be resolved unless the center overrides with a reason`,
      },
      { units, taskIds: open.map((t) => t.id) },
    );
  }
  authorize(actor, "task.override", { regionPath: row.region_path });
  return {
    type: "recorded",
    event: "task.resolve_override",
    data: { reason: override.reason, units, taskIds: open.map((t) => t.id) },
  };
}

/** Commands that settle a case: its open tasks are moot and are cancelled in the same change. */
const SETTLING = new Set(["resolve", "close", "reject", "refer", "merge"]);

/**
 * A case settled (办结, 结案, 不予受理, 移交, 合并) cancels its open tasks — the co tasks, and lead tasks the
 * center overrode — so no 催办 or 督办单 follows a settled case and the supervision views stay true.
 */
export async function cancelOnSettle(o: {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  command: string;
  now: Date;
  actorId: string;
}): Promise<CaseCause[]> {
  if (!SETTLING.has(o.command)) return [];
  const open = await tasksWithCase(o.tx)
    .where("tasks.case_id", "=", o.row.id)
    .where("tasks.status", "in", ["dispatched", "signed"])
    .forUpdate("tasks")
    .execute();
  if (open.length === 0) return [];
  const settings = await taskSettings(o.tx);
  const cal = await taskCalendar(o.ctx, o.row.policy_key);
  const reason = "案件已办结或结案，任务自动撤销 / the case was settled";
  const causes: CaseCause[] = [];
  for (const r of open) {
    const { task, cause } = taskTransition(toTask(r), { type: "cancel", reason }, o.now, cal, settings);
    await o.tx.updateTable("tasks").set(taskColumns(task)).where("id", "=", task.id).execute();
    causes.push(cause);
    // A meeting decision given as this task is dropped with it.
    const follows = await decisionFollowsTask({
      tx: o.tx,
      taskId: task.id,
      caseId: o.row.id,
      status: "dropped",
      result: reason,
      actorId: o.actorId,
      now: o.now,
    });
    causes.push(...follows.own);
    await changeAgenda({ ctx: o.ctx, tx: o.tx, causes: follows.others, actorId: o.actorId, now: o.now });
  }
  return causes;
}
