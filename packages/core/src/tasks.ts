import { addDuration, type CalendarOptions, type DayCounting } from "./calendar";
import { AppError } from "./errors";
import { DEFAULT_TASK_SETTINGS, type TTaskSettings } from "./tasks-api";
import type { ClockOp, NewClock, Notice } from "./transition";
import type { CaseEvent } from "./workflow";

// 交办督办: the center gives a piece of a case to a unit (主办 lead or 协办 co) and holds it to its
// deadlines. A task keeps its own state here; every change also returns the procedure cause the case
// takes (timeline events, clocks with subjectId = task id, notices to the unit), so the case timeline
// and the audit chain see every 签收, 答复, 退回, 催办 and 督办单.

export const TASK_ROLES = ["lead", "co"] as const;
export type TaskRole = (typeof TASK_ROLES)[number];
export const TASK_STATUSES = ["dispatched", "signed", "answered", "returned", "cancelled"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Supervision = "none" | "yellow" | "red";
/** Which promise the unit broke: 签收 (sign for it) or 答复 (reply by the deadline). */
export type TaskStage = "sign" | "reply";

export const TASK_SIGN = "task.sign";
export const TASK_REPLY = "task.reply";
export const TASK_RED = "task.red";
export const TASK_CLOCK_KINDS = [TASK_SIGN, TASK_REPLY, TASK_RED] as const;

/** Open: the unit still owes something. */
export const isTaskOpen = (s: TaskStatus): boolean => s === "dispatched" || s === "signed";

export interface Task {
  id: string;
  caseId: string;
  caseCode: string;
  unitId: string;
  unitName: string;
  role: TaskRole;
  instructions: string;
  counting: DayCounting;
  days: number;
  attachmentIds: string[];
  status: TaskStatus;
  supervision: Supervision;
  overdueStage: TaskStage | null;
  dispatchedAt: Date;
  signDueAt: Date;
  dueAt: Date;
  signedAt: Date | null;
  answeredAt: Date | null;
  result: string | null;
  evidenceIds: string[];
  returnedAt: Date | null;
  returnReason: string | null;
  cancelledAt: Date | null;
  yellowAt: Date | null;
  redAt: Date | null;
  previousTaskId: string | null;
}

export type TaskCommand =
  | { type: "sign" }
  | { type: "answer"; result: string; evidenceIds: string[] }
  | { type: "return"; reason: string }
  | { type: "cancel"; reason: string };

/** The sweep: one of the task's clocks reached its warn point or ran out. */
export interface TaskClockInput {
  type: "clock";
  kind: string;
  on: "warn" | "due";
  dueAt: Date;
}

export interface TaskCause {
  type: "procedure";
  events: CaseEvent[];
  clockOps: ClockOp[];
  notices: Notice[];
  red: boolean;
}

export interface TaskResult {
  task: Task;
  cause: TaskCause;
}

export interface DispatchInput {
  id: string;
  caseId: string;
  caseCode: string;
  unit: { id: string; name: string };
  role: TaskRole;
  instructions: string;
  /** Reply deadline in days; the settings' default when absent. */
  days?: number;
  counting?: DayCounting;
  attachmentIds?: string[];
  /** 重新交办 after a 退回: the returned task this one replaces (history kept). */
  previous?: { id: string; unitName: string } | null;
}

const working = (cal: CalendarOptions): CalendarOptions => ({ ...cal, counting: "working" });
const remindPoint = (from: Date, due: Date, share: number) =>
  new Date(from.getTime() + Math.round((due.getTime() - from.getTime()) * share));

function clock(
  kind: string,
  task: Task,
  from: Date,
  due: Date,
  warnAt: Date | null,
  basis: string,
): NewClock {
  return { kind, step: null, subjectId: task.id, startedAt: from, dueAt: due, warnAt, basis };
}

function notice(task: Task, what: string, extra: Record<string, unknown> = {}): Notice {
  return {
    topic: "task.notice",
    payload: {
      what,
      taskId: task.id,
      caseId: task.caseId,
      code: task.caseCode,
      unitId: task.unitId,
      ...extra,
    },
  };
}

const ev = (type: string, now: Date, task: Task, data: Record<string, unknown> = {}): CaseEvent => ({
  type,
  at: now,
  data: { taskId: task.id, unitName: task.unitName, role: task.role, ...data },
});

/** 交办: a new task with its 签收 and 答复 clocks running. */
export function dispatchTask(
  i: DispatchInput,
  settings: TTaskSettings,
  now: Date,
  cal: CalendarOptions,
): TaskResult {
  const days = i.days ?? settings.replyDays;
  const counting = i.counting ?? settings.replyCounting;
  const signDueAt = addDuration(now, settings.signLimit, working(cal)).due;
  const dueAt = addDuration(now, `P${days}D`, { ...cal, counting }).due;
  const task: Task = {
    id: i.id,
    caseId: i.caseId,
    caseCode: i.caseCode,
    unitId: i.unit.id,
    unitName: i.unit.name,
    role: i.role,
    instructions: i.instructions,
    counting,
    days,
    attachmentIds: i.attachmentIds ?? [],
    status: "dispatched",
    supervision: "none",
    overdueStage: null,
    dispatchedAt: now,
    signDueAt,
    dueAt,
    signedAt: null,
    answeredAt: null,
    result: null,
    evidenceIds: [],
    returnedAt: null,
    returnReason: null,
    cancelledAt: null,
    yellowAt: null,
    redAt: null,
    previousTaskId: i.previous?.id ?? null,
  };
  const basis = settings.basis.zh;
  const share = settings.remindAt;
  return {
    task,
    cause: {
      type: "procedure",
      events: [
        ev("task.dispatched", now, task, {
          instructions: task.instructions,
          dueAt,
          signDueAt,
          days,
          counting,
          ...(i.previous ? { previousUnitName: i.previous.unitName } : {}),
        }),
      ],
      clockOps: [
        {
          op: "start",
          clock: clock(TASK_SIGN, task, now, signDueAt, remindPoint(now, signDueAt, share), basis),
        },
        { op: "start", clock: clock(TASK_REPLY, task, now, dueAt, remindPoint(now, dueAt, share), basis) },
      ],
      notices: [notice(task, "dispatched", { dueAt: dueAt.toISOString() })],
      red: false,
    },
  };
}

const refuse = (task: Task) =>
  new AppError("INVALID_TRANSITION", {
    zh: `该交办任务当前状态（${TASK_STATUS_NAMES[task.status].zh}）不能执行此操作`,
    en: `Not allowed while the task is ${TASK_STATUS_NAMES[task.status].en.toLowerCase()}`,
  });

export const TASK_STATUS_NAMES: Record<TaskStatus, { zh: string; en: string }> = {
  dispatched: { zh: "待签收", en: "Dispatched" },
  signed: { zh: "已签收", en: "Signed" },
  answered: { zh: "已答复", en: "Answered" },
  returned: { zh: "已退回", en: "Returned" },
  cancelled: { zh: "已撤销", en: "Cancelled" },
};

const stopAll = (task: Task): ClockOp => ({ op: "stop", kinds: [...TASK_CLOCK_KINDS], subjectId: task.id });

/**
 * The one rule for a task's change: a person's command or one of its clocks. Throws
 * INVALID_TRANSITION for a command its state refuses; a stale clock (the unit already acted) changes
 * nothing and says nothing.
 */
export function taskTransition(
  task: Task,
  input: TaskCommand | TaskClockInput,
  now: Date,
  cal: CalendarOptions,
  settings: TTaskSettings = DEFAULT_TASK_SETTINGS,
): TaskResult {
  if (input.type === "clock") return onClock(task, input, now, cal, settings);
  const out: TaskCause = { type: "procedure", events: [], clockOps: [], notices: [], red: false };
  let next: Task = task;
  switch (input.type) {
    case "sign": {
      if (task.status !== "dispatched") throw refuse(task);
      const late = now > task.signDueAt;
      next = { ...task, status: "signed", signedAt: now };
      out.events.push(ev("task.signed", now, next, { late }));
      out.clockOps.push({ op: "stop", kinds: [TASK_SIGN], subjectId: task.id });
      // A red 督办单 that was pending for the missing signature is moot once signed.
      if (task.overdueStage === "sign")
        out.clockOps.push({ op: "stop", kinds: [TASK_RED], subjectId: task.id });
      break;
    }
    case "answer": {
      if (!isTaskOpen(task.status)) throw refuse(task);
      const late = now > task.dueAt;
      next = {
        ...task,
        status: "answered",
        signedAt: task.signedAt ?? now,
        answeredAt: now,
        result: input.result,
        evidenceIds: input.evidenceIds,
      };
      out.events.push(
        ev("task.answered", now, next, { result: input.result, late, evidence: input.evidenceIds.length }),
      );
      out.clockOps.push(stopAll(task));
      out.notices.push(notice(next, "answered"));
      break;
    }
    case "return": {
      // 退回: only before answering; the center then re-dispatches (to this or another unit).
      if (!isTaskOpen(task.status)) throw refuse(task);
      next = { ...task, status: "returned", returnedAt: now, returnReason: input.reason };
      out.events.push(ev("task.returned", now, next, { reason: input.reason }));
      out.clockOps.push(stopAll(task));
      out.notices.push({
        topic: "task.returned",
        payload: { taskId: task.id, caseId: task.caseId, code: task.caseCode },
      });
      break;
    }
    case "cancel": {
      if (!isTaskOpen(task.status)) throw refuse(task);
      next = { ...task, status: "cancelled", cancelledAt: now };
      out.events.push(ev("task.cancelled", now, next, { reason: input.reason }));
      out.clockOps.push(stopAll(task));
      out.notices.push(notice(next, "cancelled"));
      break;
    }
  }
  return { task: next, cause: out };
}

function onClock(
  task: Task,
  c: TaskClockInput,
  now: Date,
  cal: CalendarOptions,
  settings: TTaskSettings,
): TaskResult {
  const out: TaskCause = { type: "procedure", events: [], clockOps: [], notices: [], red: false };
  const stage: TaskStage | null = c.kind === TASK_SIGN ? "sign" : c.kind === TASK_REPLY ? "reply" : null;
  // Still owed? Signing is owed while dispatched, the reply while open.
  const owed = stage === "sign" ? task.status === "dispatched" : isTaskOpen(task.status);
  if (!owed) return { task, cause: out };
  if (c.on === "warn") {
    if (!stage) return { task, cause: out };
    // 催办: a reminder to the unit before the deadline.
    out.events.push(ev("task.reminded", now, task, { stage, dueAt: c.dueAt }));
    out.notices.push(notice(task, "reminder", { stage, dueAt: c.dueAt.toISOString() }));
    return { task, cause: out };
  }
  if (stage) {
    let next: Task = { ...task, overdueStage: stage };
    if (task.supervision === "none") {
      // 黄色督办单 when the deadline passes; the red one follows unless the unit acts.
      next = { ...next, supervision: "yellow", yellowAt: now };
      const redDue = addDuration(c.dueAt, `P${settings.redAfterDays}D`, working(cal)).due;
      out.clockOps.push({ op: "start", clock: clock(TASK_RED, task, now, redDue, null, settings.basis.zh) });
      out.events.push(
        ev("task.supervised", now, next, { level: "yellow", stage, dueAt: c.dueAt, redDueAt: redDue }),
      );
      out.notices.push(notice(next, "yellow", { stage }));
    } else {
      out.events.push(ev("task.overdue", now, next, { stage, dueAt: c.dueAt, level: task.supervision }));
    }
    return { task: next, cause: out };
  }
  // task.red ran out: the unit still has not done what the yellow notice asked.
  if (task.supervision === "red") return { task, cause: out };
  const next: Task = { ...task, supervision: "red", redAt: now };
  out.events.push(
    ev("task.supervised", now, next, { level: "red", stage: task.overdueStage ?? "reply", dueAt: c.dueAt }),
  );
  out.notices.push(notice(next, "red", { stage: task.overdueStage ?? "reply" }));
  out.red = true;
  return { task: next, cause: out };
}

export * from "./tasks-api";
