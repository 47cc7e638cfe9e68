import {
  AppError,
  type CalendarOptions,
  can,
  DEFAULT_TASK_SETTINGS,
  isTaskOpen,
  type Task,
  type TTaskSettings,
  type TTaskView,
  ZTaskSettings,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { TaskRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";

// Reading and writing the tasks table: rows ↔ core's Task, the settings row, what a user may see.

export const SETTINGS_KEY = "tasks";

/** The county's 交办督办 rules (settings row `tasks`); the defaults when the row is absent or broken. */
export async function taskSettings(db: Db | Tx): Promise<TTaskSettings> {
  const row = await db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", SETTINGS_KEY)
    .executeTakeFirst();
  const parsed = ZTaskSettings.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : DEFAULT_TASK_SETTINGS;
}

/** The working-day calendar (official + local days); core sets the counting per deadline. */
export async function taskCalendar(ctx: AppContext, policyKey: string): Promise<CalendarOptions> {
  const policy = await ctx.rules.policy(policyKey);
  return policy ? ctx.rules.calendar(policy) : { counting: "working" };
}

/**
 * taskCalendar per policy, each read once: a sweep batch holds thousands of tasks over a few policies.
 */
export function taskCalendars(ctx: AppContext): (policyKey: string) => Promise<CalendarOptions> {
  const known = new Map<string, Promise<CalendarOptions>>();
  return (key) => {
    let cal = known.get(key);
    if (!cal) {
      cal = taskCalendar(ctx, key);
      known.set(key, cal);
    }
    return cal;
  };
}

/** A task row with what it is shown with: the case's code, title and region, the unit's name. */
export type TaskWithCase = TaskRow & {
  case_code: string;
  case_title: string;
  case_region_path: string;
  case_policy_key: string;
  unit_name: string;
};

export function tasksWithCase(db: Db | Tx) {
  return db
    .selectFrom("tasks")
    .innerJoin("cases", "cases.id", "tasks.case_id")
    .innerJoin("units", "units.id", "tasks.unit_id")
    .selectAll("tasks")
    .select([
      "cases.code as case_code",
      "cases.title as case_title",
      "cases.region_path as case_region_path",
      "cases.policy_key as case_policy_key",
      "units.name as unit_name",
    ]);
}

const d = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));
const dd = (v: Date | string): Date => new Date(v);

export function toTask(r: TaskWithCase): Task {
  return {
    id: r.id,
    caseId: r.case_id,
    caseCode: r.case_code,
    unitId: r.unit_id,
    unitName: r.unit_name,
    role: r.role as Task["role"],
    instructions: r.instructions,
    counting: r.counting as Task["counting"],
    days: r.days,
    attachmentIds: r.attachment_ids,
    status: r.status as Task["status"],
    supervision: r.supervision as Task["supervision"],
    overdueStage: r.overdue_stage as Task["overdueStage"],
    dispatchedAt: dd(r.dispatched_at),
    signDueAt: dd(r.sign_due_at),
    dueAt: dd(r.due_at),
    signedAt: d(r.signed_at),
    answeredAt: d(r.answered_at),
    result: r.result,
    evidenceIds: r.evidence_ids,
    returnedAt: d(r.returned_at),
    returnReason: r.return_reason,
    cancelledAt: d(r.cancelled_at),
    yellowAt: d(r.yellow_at),
    redAt: d(r.red_at),
    previousTaskId: r.previous_task_id,
  };
}

/** The columns a task's change writes. */
export function taskColumns(t: Task) {
  return {
    status: t.status,
    supervision: t.supervision,
    overdue_stage: t.overdueStage,
    signed_at: t.signedAt,
    answered_at: t.answeredAt,
    result: t.result,
    evidence_ids: t.evidenceIds,
    returned_at: t.returnedAt,
    return_reason: t.returnReason,
    cancelled_at: t.cancelledAt,
    yellow_at: t.yellowAt,
    red_at: t.redAt,
  };
}

const resourceOf = (r: TaskWithCase) => ({ regionPath: r.case_region_path, assignedUnitId: r.unit_id });

/** What this user may do with the task now (buttons in the console). */
export function allowedOnTask(actor: SessionUser, r: TaskWithCase): TTaskView["allowed"] {
  const out: TTaskView["allowed"] = [];
  const open = isTaskOpen(r.status as Task["status"]);
  if (can(actor, "task.handle", resourceOf(r))) {
    if (r.status === "dispatched") out.push("sign");
    if (open) out.push("answer", "return");
  }
  if (can(actor, "task.dispatch", { regionPath: r.case_region_path })) {
    if (open) out.push("cancel");
    if (r.status === "returned" && !r.redispatched) out.push("redispatch");
  }
  return out;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export function presentTask(actor: SessionUser, r: TaskWithCase): TTaskView {
  const t = toTask(r);
  return {
    id: t.id,
    caseId: t.caseId,
    caseCode: t.caseCode,
    caseTitle: r.case_title,
    unitId: t.unitId,
    unitName: t.unitName,
    role: t.role,
    instructions: t.instructions,
    counting: t.counting,
    days: t.days,
    attachmentIds: t.attachmentIds,
    status: t.status,
    supervision: t.supervision,
    overdueStage: t.overdueStage,
    dispatchedAt: t.dispatchedAt.toISOString(),
    signDueAt: t.signDueAt.toISOString(),
    dueAt: t.dueAt.toISOString(),
    signedAt: iso(t.signedAt),
    answeredAt: iso(t.answeredAt),
    result: t.result,
    evidenceIds: t.evidenceIds,
    returnedAt: iso(t.returnedAt),
    returnReason: t.returnReason,
    cancelledAt: iso(t.cancelledAt),
    yellowAt: iso(t.yellowAt),
    redAt: iso(t.redAt),
    previousTaskId: t.previousTaskId,
    redispatched: r.redispatched,
    basis: r.basis,
    allowed: allowedOnTask(actor, r),
  };
}

/**
 * A task this user may see — in their jurisdiction, or given to their unit — else 404, never saying
 * that it exists (a department handler of another unit gets the same answer as for a made-up id).
 */
export async function findTaskForActor(db: Db | Tx, actor: SessionUser, id: string): Promise<TaskWithCase> {
  const row = await tasksWithCase(db).where("tasks.id", "=", id).executeTakeFirst();
  if (!row || !can(actor, "task.read", resourceOf(row))) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

/** Open 主办 tasks of a case: while any is open the case is not resolved (unless overridden). */
export async function openLeadTasks(tx: Tx, caseId: string) {
  return tx
    .selectFrom("tasks")
    .innerJoin("units", "units.id", "tasks.unit_id")
    .select(["tasks.id", "units.name"])
    .where("tasks.case_id", "=", caseId)
    .where("tasks.role", "=", "lead")
    .where("tasks.status", "in", ["dispatched", "signed"])
    .orderBy("tasks.dispatched_at")
    .execute();
}

/** A unit the dispatcher may give work to: at or above the case (county departments, township offices) or in their own subtree. */
export async function reachableUnit(tx: Tx, actor: SessionUser, unitId: string, casePath: string) {
  const unit = await sql<{ id: string; name: string }>`
    SELECT u.id, u.name FROM units u JOIN regions r ON r.code = u.region_code
    WHERE u.id = ${unitId}
      AND (${casePath} = r.path OR ${casePath} LIKE r.path || '.%'
           OR r.path = ${actor.regionPath} OR r.path LIKE ${`${actor.regionPath}.%`})`.execute(tx);
  const found = unit.rows[0];
  if (!found)
    throw new AppError(
      "INVALID_INPUT",
      { zh: "单位不存在或不在辖区", en: "No such unit here" },
      { field: "unitId" },
    );
  return found;
}
