import { addDuration, type CalendarOptions, localDate } from "./calendar";
import { AppError } from "./errors";
import type { MeetingInfo, ProcedureCaseCause } from "./meetings-effects";

// A meeting decision owned by a unit may become a 交办 task: the task's own clocks (签收, 答复, 督办单)
// replace the decision's `meeting.followup` clock, and the decision follows the task (answered → done).

/** The longest a decision's task may run, in working days (as ZDecisionInput.workingDays). */
export const MAX_TASK_DAYS = 60;

/**
 * The working days a task given at `now` needs to be due no earlier than the decision's deadline:
 * the smallest N whose "N working days" deadline falls on `dueAt`'s last day (at least 1, at most 60).
 */
export function taskDaysFor(now: Date, dueAt: Date, cal: CalendarOptions): number {
  // A decision is due at 24:00 of its last day; the task is due on that same (local) day.
  const lastDay = localDate(new Date(dueAt.getTime() - 1));
  for (let n = 1; n <= MAX_TASK_DAYS; n++) {
    if (localDate(addDuration(now, `P${n}D`, { ...cal, counting: "working" }).due) >= lastDay) return n;
  }
  return MAX_TASK_DAYS;
}

export interface TaskableDecision {
  status: string;
  ownerUnitId: string | null;
  taskId: string | null;
  caseIds: string[];
}

/** Only an open decision of a unit, about one case, not yet a task, becomes a task. */
export function assertTaskable(d: TaskableDecision, meetingState: string): void {
  const why =
    meetingState !== "held"
      ? {
          zh: "会议召开后、议定事项办结前才能转为交办任务",
          en: "Only a held meeting's decisions become tasks",
        }
      : d.status !== "open"
        ? { zh: "该决定已办结或撤销", en: "The decision is already settled" }
        : d.taskId
          ? { zh: "该决定已转为交办任务", en: "The decision is already a task" }
          : !d.ownerUnitId
            ? {
                zh: "承办方为单位的决定才能转为交办任务",
                en: "Only a decision owned by a unit becomes a task",
              }
            : d.caseIds.length !== 1
              ? {
                  zh: "转为交办任务的决定须只涉及一个案件",
                  en: "A decision becomes a task only for one case",
                }
              : null;
  if (why) throw new AppError("INVALID_TRANSITION", why);
}

/** The case's side: a timeline event, and the decision's follow-up clock stops (the task's clocks take over). */
export function decisionTaskedCause(o: {
  meeting: MeetingInfo;
  decision: { id: string; text: string };
  task: { id: string; unitName: string; dueAt: Date };
  now: Date;
}): ProcedureCaseCause {
  return {
    type: "procedure",
    events: [
      {
        type: "meeting.decision_tasked",
        at: o.now,
        data: {
          meetingId: o.meeting.id,
          kind: o.meeting.kind,
          title: o.meeting.title,
          decisionId: o.decision.id,
          text: o.decision.text,
          taskId: o.task.id,
          unit: o.task.unitName,
          dueAt: o.task.dueAt.toISOString(),
        },
      },
    ],
    clockOps: [{ op: "stop", kinds: ["meeting.followup"], subjectId: o.decision.id }],
  };
}
