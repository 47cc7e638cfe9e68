import { type CalendarOptions, statutoryDeadline } from "./calendar";
import { AppError } from "./errors";
import {
  isTimed,
  PETITION_CLOCK,
  PETITION_CLOCK_KINDS,
  PETITION_DUTY_KINDS,
  stagePeriod,
  type TimedStage,
  type TPetitionRules,
} from "./petition-rules";
import type { PetitionStage } from "./petition-terms";
import type { CaseDeadline, ClockOp, Notice } from "./transition";
import type { CaseCommand, CaseEvent } from "./workflow";

// 信访 petitions under 《信访工作条例》(2022). A petition is a case (service 信访接待, policy `xinfang`)
// plus its own record whose stage and statutory deadlines are decided here, purely; the server stores
// the record and hands the case the events, clocks and notices through cause `procedure`.

export interface PetitionState {
  stage: PetitionStage;
  /** When the current timed stage started (the day not counted). */
  stageStartedAt: Date;
  dueAt: Date | null;
  basis: string | null;
  /** Stages already extended once (第三十四条: once). */
  extended: PetitionStage[];
  /** The current stage's statutory deadline ran out before anyone acted. */
  overdue: boolean;
}

export type PetitionResult = "support" | "explain" | "reject"; // 第三十二条: 予以支持 / 解释说明 / 不予支持
export type LetterKind =
  | "acceptance"
  | "non_acceptance"
  | "extension"
  | "reply"
  | "review_decision"
  | "recheck_decision";

export type PetitionCommand =
  | { type: "accept" }
  | { type: "notAccept"; reason: string; channel: string }
  | { type: "route"; unitId: string; unitName: string; note: string }
  | { type: "extend"; days: number; reason: string; approvedBy: string }
  | { type: "reply"; result: PetitionResult; opinion: string }
  | { type: "requestReview"; note: string }
  | { type: "decideReview"; result: PetitionResult; opinion: string }
  | { type: "requestRecheck"; note: string }
  | { type: "decideRecheck"; result: PetitionResult; opinion: string };
export type PetitionCommandType = PetitionCommand["type"];

/** Which command each stage takes (the console's buttons come from here too). */
export const PETITION_TRANSITIONS = {
  registered: { accept: "handling", notAccept: "not_accepted", route: "registered" },
  handling: { extend: "handling", reply: "replied", route: "handling" },
  replied: { requestReview: "review" },
  review: { extend: "review", decideReview: "reviewed" },
  reviewed: { requestRecheck: "recheck" },
  recheck: { extend: "recheck", decideRecheck: "concluded" },
  concluded: {},
  not_accepted: {},
  final: {},
} as const satisfies Record<PetitionStage, Partial<Record<PetitionCommandType, PetitionStage>>>;

/** The case's own workflow command that goes with a petition step (受理, 不予受理, 转送 = 交办, 答复 = 办结, 复查 = 重新办理). */
function caseCommandOf(c: PetitionCommand): CaseCommand | null {
  switch (c.type) {
    case "accept":
      return { type: "accept" };
    case "notAccept":
      return { type: "reject", reason: `不予受理：${c.reason}` };
    case "route":
      return { type: "assign", unitId: c.unitId, userId: null };
    case "reply":
      return { type: "resolve", summary: `信访处理意见：${c.opinion}` };
    case "requestReview":
      return { type: "reopen", reason: "信访人请求复查（《信访工作条例》第三十五条）" };
    case "decideReview":
      return { type: "resolve", summary: `复查意见：${c.opinion}` };
    case "requestRecheck":
      return { type: "reopen", reason: "信访人请求复核（《信访工作条例》第三十六条）" };
    case "decideRecheck":
      return { type: "resolve", summary: `复核意见：${c.opinion}` };
    case "extend":
      return null;
  }
}

/**
 * The case commands a petition's own steps drive (受理, 不予受理, 答复, 复查/复核 reopen): on a case with a
 * petition they go through the petition, so the statutory clocks and the letters never fall out of step.
 */
export const PETITION_OWNED_COMMANDS = ["accept", "reject", "resolve", "reopen", "refer", "merge"] as const;

const LETTER: Partial<Record<PetitionCommandType, LetterKind>> = {
  accept: "acceptance",
  notAccept: "non_acceptance",
  extend: "extension",
  reply: "reply",
  decideReview: "review_decision",
  decideRecheck: "recheck_decision",
};

export interface PetitionContext {
  rules: TPetitionRules;
  calendar: CalendarOptions;
  now: Date;
  /** The petition's id: its clocks' subjectId. */
  subjectId: string;
}

export interface PetitionDecision {
  state: PetitionState;
  events: CaseEvent[];
  clockOps: ClockOp[];
  notices: Notice[];
  red: boolean;
  /** The case's workflow command that goes with this step, applied on the same path. */
  caseCommand: CaseCommand | null;
  /** The written notice this step sends the petitioner (一次告知, kept and printable). */
  letter: LetterKind | null;
}

/** The office is reminded `warnDaysBefore` days ahead — unless that falls before the period began. */
function warnPoint(due: Date, start: Date, rules: TPetitionRules): Date | null {
  const warnAt = new Date(due.getTime() - rules.warnDaysBefore * 86_400_000);
  return warnAt > start ? warnAt : null;
}

function clockFor(stage: TimedStage, start: Date, extraDays: number, ctx: PetitionContext) {
  const p = stagePeriod(stage, ctx.rules);
  const due = statutoryDeadline(start, p.days + extraDays, ctx.calendar).due;
  const basis = extraDays > 0 ? `${p.basis}，延长${extraDays}日` : p.basis;
  return {
    kind: PETITION_CLOCK[stage],
    step: null,
    subjectId: ctx.subjectId,
    startedAt: start,
    dueAt: due,
    warnAt: warnPoint(due, start, ctx.rules),
    basis,
  };
}

/** A new petition: registered, with the 15-day clock running from the day it was received. */
export function newPetition(ctx: PetitionContext, petitioners: number) {
  const clock = clockFor("registered", ctx.now, 0, ctx);
  const state: PetitionState = {
    stage: "registered",
    stageStartedAt: ctx.now,
    dueAt: clock.dueAt,
    basis: clock.basis,
    extended: [],
    overdue: false,
  };
  const group = petitioners >= ctx.rules.groupThreshold;
  return {
    state,
    group,
    highRisk: group && ctx.rules.groupRed,
    events: [
      {
        type: "petition.registered",
        at: ctx.now,
        data: { dueAt: clock.dueAt, basis: clock.basis, petitioners, group },
      },
    ],
    clockOps: [{ op: "start", clock }] as ClockOp[],
  };
}

function refuse(state: PetitionState, type: string, why?: { zh: string; en: string }): AppError {
  return new AppError(
    "INVALID_TRANSITION",
    why ?? {
      zh: `信访事项当前阶段（${state.stage}）不能执行“${type}”`,
      en: `Cannot ${type} a petition at stage ${state.stage}`,
    },
    { stage: state.stage, command: type },
  );
}

/** One petition step, decided: the new stage, its clock, the events and the letter it sends. */
export function decidePetition(
  state: PetitionState,
  command: PetitionCommand,
  ctx: PetitionContext,
): PetitionDecision {
  const row: Partial<Record<PetitionCommandType, PetitionStage>> = PETITION_TRANSITIONS[state.stage];
  const target = row[command.type];
  if (target === undefined) throw refuse(state, command.type);
  const { now, subjectId } = ctx;
  const { type, ...data } = command;
  const events: CaseEvent[] = [];
  const clockOps: ClockOp[] = [];
  let next: PetitionState = { ...state, stage: target };
  if (command.type === "extend") {
    next = extend(state, command, ctx, clockOps);
  } else if (target !== state.stage) {
    if (command.type === "requestReview" || command.type === "requestRecheck") {
      // The petitioner's window: a request after it closed is too late (the sweep may not have run yet).
      if (state.dueAt && now.getTime() >= state.dueAt.getTime()) {
        throw refuse(state, type, {
          zh: "已超过请求期限，不能再请求",
          en: "The period for this request has ended",
        });
      }
    }
    clockOps.push({ op: "stop", kinds: PETITION_CLOCK_KINDS, subjectId });
    next = {
      stage: target,
      stageStartedAt: now,
      dueAt: null,
      basis: null,
      extended: state.extended,
      overdue: false,
    };
    if (isTimed(target)) {
      const clock = clockFor(target, now, 0, ctx);
      clockOps.push({ op: "start", clock });
      next.dueAt = clock.dueAt;
      next.basis = clock.basis;
    }
  }
  events.push({
    type: `petition.${EVENT_NAMES[type]}`,
    at: now,
    data: { ...data, stage: next.stage, dueAt: next.dueAt, basis: next.basis },
  });
  const notices: Notice[] = [];
  if (command.type === "route") {
    notices.push({ topic: "petition.routed", payload: { petitionId: subjectId, unitId: command.unitId } });
  }
  const caseCommand = caseCommandOf(command);
  return { state: next, events, clockOps, notices, red: false, caseCommand, letter: LETTER[type] ?? null };
}

const EVENT_NAMES: Record<PetitionCommandType, string> = {
  accept: "accepted",
  notAccept: "not_accepted",
  route: "routed",
  extend: "extended",
  reply: "replied",
  requestReview: "review_requested",
  decideReview: "review_decided",
  requestRecheck: "recheck_requested",
  decideRecheck: "recheck_decided",
};

// 第三十四条: once, by at most the rule's days, approved, with the reason told — and only while the period runs.
function extend(
  state: PetitionState,
  c: Extract<PetitionCommand, { type: "extend" }>,
  ctx: PetitionContext,
  clockOps: ClockOp[],
): PetitionState {
  const stage = state.stage;
  if (!isTimed(stage)) throw refuse(state, "extend");
  const { extendMax } = stagePeriod(stage, ctx.rules);
  if (state.extended.includes(stage)) {
    throw refuse(state, "extend", {
      zh: "本阶段已延期一次，不能再次延期",
      en: "This stage was already extended once",
    });
  }
  if (state.overdue || (state.dueAt && ctx.now.getTime() >= state.dueAt.getTime())) {
    throw refuse(state, "extend", { zh: "办理期限已届满，不能再延期", en: "The period has already run out" });
  }
  if (!Number.isInteger(c.days) || c.days < 1 || c.days > extendMax) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: `延长期限须为 1 至 ${extendMax} 日`, en: `The extension must be 1 to ${extendMax} days` },
      { field: "days", max: extendMax },
    );
  }
  const clock = clockFor(stage, state.stageStartedAt, c.days, ctx);
  clockOps.push(
    { op: "stop", kinds: [PETITION_CLOCK[stage]], subjectId: ctx.subjectId },
    { op: "start", clock },
  );
  return { ...state, dueAt: clock.dueAt, basis: clock.basis, extended: [...state.extended, stage] };
}

/**
 * The deadline a petition's case is held to: the statutory period the office owes now (受理 15 days,
 * 办理 60 …, kept when it has passed) with its warn point, as the stage's clock has them; none while the
 * stage waits on the petitioner or is over. Lists sort by it, 超期 counts by it, the colour reads it.
 */
export function petitionDeadline(state: PetitionState, rules: TPetitionRules): CaseDeadline {
  if (!isTimed(state.stage) || !state.dueAt || !PETITION_DUTY_KINDS.includes(PETITION_CLOCK[state.stage]))
    return { dueAt: null, warnAt: null };
  return { dueAt: state.dueAt, warnAt: warnPoint(state.dueAt, state.stageStartedAt, rules) };
}

/**
 * The sweep: a petition clock ran out. An office deadline (register, handle, 复查, 复核) turns the case
 * red and says so; the petitioner's request window closing makes the last opinion final.
 */
export function petitionClockDue(state: PetitionState, kind: string, dueAt: Date, now: Date) {
  if (!isTimed(state.stage) || PETITION_CLOCK[state.stage] !== kind) {
    return { state, events: [] as CaseEvent[], notices: [] as Notice[], red: false };
  }
  if (PETITION_DUTY_KINDS.includes(kind)) {
    return {
      state: { ...state, overdue: true },
      events: [
        { type: "petition.overdue", at: now, data: { stage: state.stage, dueAt, basis: state.basis } },
      ],
      notices: [{ topic: "petition.overdue", payload: { stage: state.stage, basis: state.basis } }],
      red: true,
    };
  }
  return {
    state: { ...state, stage: "final" as const, dueAt: null, basis: null },
    events: [{ type: "petition.became_final", at: now, data: { stage: state.stage, dueAt } }],
    notices: [] as Notice[],
    red: false,
  };
}

export * from "./petition-repeat";
export * from "./petition-rules";
export * from "./petition-schemas";
export * from "./petition-terms";
