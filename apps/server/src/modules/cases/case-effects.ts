import {
  type CalendarOptions,
  type CaseCommand,
  type CaseState,
  overallClock,
  stepClock,
  type TPolicy,
  warningLevel,
} from "@fengqiao/core";
import type { CaseRow } from "../../db/schema";
import type { CaseFields, ClockOp, NewClock } from "./case-store";

export interface Effects {
  fields: CaseFields;
  clockOps: ClockOp[];
  newClocks: NewClock[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
}

type DatedClock = NewClock & { unknownYears: number[] };
export const clockOnly = ({ unknownYears: _u, ...c }: DatedClock): NewClock => c;

export function stepClockRow(
  policy: TPolicy,
  step: number,
  now: Date,
  cal: CalendarOptions,
): DatedClock | null {
  if (step > policy.steps.length) return null;
  const c = stepClock(policy, step, now, cal);
  const s = policy.steps[step - 1];
  return {
    kind: "step",
    step,
    started_at: c.startedAt,
    due_at: c.dueAt,
    warn_at: c.warnAt,
    basis: `${policy.key}:${s?.key ?? step}`,
    unknownYears: c.unknownYears,
  };
}

export function overallClockRow(policy: TPolicy, now: Date, cal: CalendarOptions): DatedClock | null {
  const c = overallClock(policy, now, cal);
  if (!c) return null;
  const row = { kind: "overall", step: null, started_at: c.startedAt, due_at: c.dueAt, warn_at: c.warnAt };
  return { ...row, basis: policy.key, unknownYears: c.unknownYears };
}

// Region levels in a case's path: province.city.county.township.village.grid.
const LEVEL_DEPTH: Record<string, number> = { county: 3, center: 4, township: 4, village: 5, grid: 6 };

/** A notice to whoever holds `step` now: the unit level and the region (by path) it sits in. */
export function notifyStep(
  row: Pick<CaseRow, "id" | "code" | "region_code" | "region_path">,
  policy: TPolicy,
  step: number,
  why: string,
) {
  const level = policy.steps[step - 1]?.level ?? "county";
  const path = row.region_path.split(".");
  const targetRegion = path[Math.min(path.length, LEVEL_DEPTH[level] ?? 3) - 1] ?? row.region_code;
  return {
    topic: "case.step_notice",
    payload: { caseId: row.id, code: row.code, regionCode: row.region_code, step, level, targetRegion, why },
  };
}

/** What a command does besides the workflow state: clocks, deadlines on the case row, notifications. */
export function commandEffects(o: {
  row: CaseRow;
  fields: CaseFields;
  command: CaseCommand;
  after: CaseState;
  policy: TPolicy;
  cal: CalendarOptions;
  now: Date;
  /** null for changes nobody on the staff made (a citizen's rating, the sweep). */
  actorId: string | null;
  pausedAt: Date | null;
}): Effects {
  const { command, after, policy, cal, now } = o;
  const fields: CaseFields = { ...o.fields };
  const fx: Effects = { fields, clockOps: [], newClocks: [], outbox: [] };
  const restartStep = () => {
    const clock = stepClockRow(policy, after.step, now, cal);
    fields.step_due_at = clock?.due_at ?? null;
    fields.step_warn_at = clock?.warn_at ?? null;
    fields.calendar_unknown_years = clock?.unknownYears ?? [];
    if (clock) fx.newClocks.push(clockOnly(clock));
  };
  const stopAll = () => {
    fx.clockOps.push({ op: "stop", kinds: ["step", "overall"] });
    fields.step_due_at = null;
    fields.step_warn_at = null;
    fields.overall_due_at = null;
  };
  switch (command.type) {
    case "accept":
      fields.assignee_id ??= o.actorId;
      break;
    case "pause":
      fx.clockOps.push({ op: "pause" });
      break;
    case "resume": {
      fx.clockOps.push({ op: "resume" });
      const shift = o.pausedAt ? now.getTime() - o.pausedAt.getTime() : 0;
      const move = (d: Date | null) => (d ? new Date(d.getTime() + shift) : null);
      fields.step_due_at = move(fields.step_due_at);
      fields.step_warn_at = move(fields.step_warn_at);
      fields.overall_due_at = move(fields.overall_due_at);
      break;
    }
    case "escalate":
      fx.clockOps.push({ op: "stop", kinds: ["step"] });
      restartStep();
      fx.outbox.push(notifyStep(o.row, policy, after.step, command.reason));
      break;
    case "resolve":
      stopAll();
      fields.resolved_at = now;
      fx.outbox.push({ topic: "case.resolved", payload: { caseId: o.row.id, code: o.row.code } });
      break;
    case "close":
      stopAll();
      fields.closed_at = now;
      break;
    case "reject":
    case "refer":
    case "merge":
      stopAll();
      fields.closed_at = now;
      if (command.type === "merge") fields.merged_into = command.intoCode;
      break;
    case "reopen": {
      stopAll();
      fields.missed_deadline = false;
      fields.resolved_at = null;
      fields.closed_at = null;
      fields.merged_into = null;
      restartStep();
      const overall = overallClockRow(policy, now, cal);
      fields.overall_due_at = overall?.due_at ?? null;
      if (overall) fx.newClocks.push(clockOnly(overall));
      break;
    }
    case "assign":
      fields.assigned_unit_id = command.unitId;
      fields.assignee_id = command.userId;
      fx.outbox.push({
        topic: "case.assigned",
        payload: { caseId: o.row.id, code: o.row.code, unitId: command.unitId, userId: command.userId },
      });
      break;
    case "note":
    case "startMediation":
    case "recordMediation":
      break;
  }
  fields.warning = currentWarning(after, fields, now);
  return fx;
}

export function currentWarning(state: CaseState, f: CaseFields, now: Date): string {
  if (state.status === "resolved" || state.status === "closed") return "blue";
  return warningLevel({
    now,
    warnAt: f.step_warn_at,
    dueAt: f.step_due_at,
    overallDueAt: f.overall_due_at,
    paused: state.status === "paused",
    failedMediation: state.failedMediation,
    highRisk: f.high_risk || f.missed_deadline,
  });
}
