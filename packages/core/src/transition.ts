import type { CalendarOptions } from "./calendar";
import { durationMs, parseDuration } from "./duration";
import { overallClock, policyStep, type StepLevel, stepClock, type TPolicy } from "./policy";
import { type Warning, warningLevel } from "./warnings";
import {
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  decide,
  initialCaseState,
} from "./workflow";

// One path for every case change: staff commands, citizen actions, due clocks and intake all become
// (state, fields, cause) → (state, fields, events, clock operations, notices) here. The server locks,
// calls caseTransition and saves; the console calls effectiveWarning for its live tag. A rule about
// what a change does to a case lives in this file and nowhere else.

/** Not yet settled: resolved and closed cases are done (a resolved case may still be rated). */
export const OPEN_STATUSES = ["submitted", "accepted", "mediating", "paused"] as const satisfies CaseStatus[];
/** Open and not paused: the only statuses whose clocks run. */
export const RUNNING_STATUSES = ["submitted", "accepted", "mediating"] as const satisfies CaseStatus[];

export const isOpen = (s: string): boolean => (OPEN_STATUSES as readonly string[]).includes(s);
export const isRunning = (s: string): boolean => (RUNNING_STATUSES as readonly string[]).includes(s);

/** Who holds step N of a policy; beyond the ladder (上交 above the township) the county does. */
export function stepLevel(policy: TPolicy, step: number): StepLevel {
  return policyStep(policy, step)?.level ?? "county";
}

/** The case's identity, enough to address notices; never its text or personal data. */
export interface CaseRef {
  id: string;
  code: string;
  regionCode: string;
  /** Materialised region path: province.city.county.township.village.grid. */
  regionPath: string;
  /** A reporter phone exists: someone can be called back. */
  hasPhone: boolean;
}

/** What a case carries besides its workflow state: deadlines, assignment, flags. */
export interface CaseFields {
  warning: Warning;
  stepDueAt: Date | null;
  stepWarnAt: Date | null;
  overallDueAt: Date | null;
  /** When the case was paused (等待当事人); null while its clocks run. */
  pausedAt: Date | null;
  assignedUnitId: string | null;
  assigneeId: string | null;
  mergedInto: string | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  highRisk: boolean;
  /** A ladder deadline ran out at some point: the case stays red until it is settled. */
  missedDeadline: boolean;
  calendarUnknownYears: number[];
  /** 码上反映: when the call back to the citizen is due, while somebody owes it; null otherwise. */
  callbackDueAt: Date | null;
  /** The callback ran out and nobody has called back since: the cadre's and the center's alarm. */
  callbackMissed: boolean;
  /** The citizen's last 回访 rating (the leaders' satisfaction rate reads it; the events keep them all). */
  rating: Rating | null;
}

export const CALLBACK_KIND = "callback";
/** The case's own ladder clocks: the only ones a case pause (等待当事人) stops. */
export const LADDER_KINDS = ["step", "overall", CALLBACK_KIND] as const;

export interface NewClock {
  /**
   * `step`, `overall`, `callback` — or a procedure's clock, named `<procedure>.<what>` (e.g.
   * `task.sign`, `petition.handle`) and tied to that procedure's record by `subjectId`.
   */
  kind: string;
  step: number | null;
  /** The task, summons, referral, agreement or petition the clock belongs to; null for ladder clocks. */
  subjectId?: string | null;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date | null;
  /** The rule the deadline comes from: `policy:step`, shown beside it. */
  basis: string;
}

export type ClockOp =
  | { op: "start"; clock: NewClock }
  /** Stops running clocks of these kinds; with `subjectId`, only that procedure's. */
  | { op: "stop"; kinds: string[]; subjectId?: string }
  | { op: "fire"; clockId: string }
  | { op: "warned"; clockId: string }
  /** Running clocks stop where they are… */
  | { op: "pause" }
  /** …and on resume their deadlines move by the paused time. */
  | { op: "resume" };

export interface Notice {
  topic: string;
  payload: Record<string, unknown>;
}

export interface DueClock {
  id: string;
  kind: string;
  step: number | null;
  dueAt: Date;
  subjectId?: string | null;
}

export type Rating = "satisfied" | "basically_satisfied" | "dissatisfied";

export type CaseCause =
  /** A staff command (actorId) or a citizen's own (actorId null). */
  | { type: "command"; command: CaseCommand; actorId: string | null }
  /** The sweep: these clocks of the case ran out (ladder steps, the overall clock, the callback). */
  | { type: "clocksDue"; clocks: DueClock[] }
  /** The sweep: these clocks passed their warn point (黄灯). */
  | { type: "clocksWarn"; clockIds: string[] }
  /** 回电: a cadre called the 码上反映 citizen back; `late` when after the callback deadline. */
  | { type: "calledBack"; reached: boolean; note: string; late: boolean }
  /** 回访评价 by the citizen; 不满意 reopens the case with the comment as the reason. */
  | {
      type: "rated";
      rating: Rating;
      comment: string;
      /** false: 不满意 does not reopen the case (信访: the petitioner asks for 复查 instead, 第三十五条). */
      reopens?: boolean;
    }
  /** A fact for the timeline that changes nothing else (contacts revealed, a photo added, an Open311 comment). */
  | { type: "recorded"; event: string; data: Record<string, unknown>; notices?: Notice[] }
  /**
   * A procedure of the case changed — a 交办 task, a summons, a referral, a mediation agreement, a
   * 司法确认, a petition stage — by a person or by its own clock. The procedure's rules (its module in
   * core) decide the events, clocks and notices; the case takes them here so that its timeline, its
   * clocks and its colour change on the one path. `red`: a missed statutory or supervision deadline
   * turns the case red until it is settled, like a missed ladder step. `deadline`: the procedure's
   * own deadline stands in for the ladder step's as the one the case is held to — what lists sort by,
   * 超期 counts and the colour reads (信访: the office's statutory period; the ladder's step clock stays
   * as a backstop); null dates while nothing is owed.
   */
  | {
      type: "procedure";
      events: CaseEvent[];
      clockOps?: ClockOp[];
      notices?: Notice[];
      red?: boolean;
      deadline?: CaseDeadline;
    }
  /**
   * Risk rules (core risk.ts) hit an open case: 高风险 turns it red (DOMAIN §3: red = overdue, failed
   * first mediation, or high risk) and each hit's explanation goes on the timeline ("为何红色").
   */
  | { type: "risk"; hits: { rule: string; why: { zh: string; en: string } }[] };

/** Where a change happens: the case, its rules, the time. */
interface ChangeContext {
  ref: CaseRef;
  fields: CaseFields;
  /** null when the case's policy was deleted: due clocks are spent, nothing else happens. */
  policy: TPolicy | null;
  calendar: CalendarOptions;
  now: Date;
}

export interface TransitionInput extends ChangeContext {
  state: CaseState;
  cause: CaseCause;
}

/** A deadline a case is held to, with the point where it turns yellow. */
export interface CaseDeadline {
  dueAt: Date | null;
  warnAt: Date | null;
}

export interface Transition {
  state: CaseState;
  fields: CaseFields;
  events: CaseEvent[];
  clockOps: ClockOp[];
  notices: Notice[];
}

/** 红黄蓝 as the case stands at `now`: what the sweep stores and what the console shows live. */
export function effectiveWarning(
  state: Pick<CaseState, "status" | "failedMediation">,
  f: Pick<
    CaseFields,
    "stepWarnAt" | "stepDueAt" | "overallDueAt" | "pausedAt" | "highRisk" | "missedDeadline"
  >,
  now: Date,
): Warning {
  if (!isOpen(state.status)) return "blue";
  return warningLevel({
    now,
    warnAt: f.stepWarnAt,
    dueAt: f.stepDueAt,
    overallDueAt: f.overallDueAt,
    paused: state.status === "paused",
    pausedAt: f.pausedAt,
    failedMediation: state.failedMediation,
    highRisk: f.highRisk || f.missedDeadline,
  });
}

export function stepClockOf(policy: TPolicy, step: number, startedAt: Date, cal: CalendarOptions) {
  const s = policyStep(policy, step);
  if (!s) return null;
  const c = stepClock(policy, step, startedAt, cal);
  const clock: NewClock = {
    kind: "step",
    step,
    startedAt,
    dueAt: c.dueAt,
    warnAt: c.warnAt,
    basis: `${policy.key}:${s.key}`,
  };
  return { clock, unknownYears: c.unknownYears };
}

function overallClockOf(policy: TPolicy, startedAt: Date, cal: CalendarOptions) {
  const c = overallClock(policy, startedAt, cal);
  if (!c) return null;
  const clock: NewClock = {
    kind: "overall",
    step: null,
    startedAt,
    dueAt: c.dueAt,
    warnAt: c.warnAt,
    basis: policy.key,
  };
  return { clock, unknownYears: c.unknownYears };
}

/** 码上反映's callback: wall-clock time, nights and holidays included — a citizen is waiting. */
export function callbackClockOf(policy: TPolicy, now: Date): NewClock | null {
  if (!policy.callbackLimit) return null;
  return {
    kind: CALLBACK_KIND,
    step: null,
    startedAt: now,
    dueAt: new Date(now.getTime() + durationMs(parseDuration(policy.callbackLimit))),
    warnAt: null,
    basis: `${policy.key}:callback:${policy.callbackLimit}`,
  };
}

// Region levels in a case's path: province.city.county.township.village.grid.
const LEVEL_DEPTH: Record<StepLevel, number> = { county: 3, center: 4, township: 4, village: 5, grid: 6 };

/** A notice to whoever holds `step` now: the level and the region (by path) it sits in. */
export function stepNotice(ref: CaseRef, policy: TPolicy, step: number, why: string): Notice {
  const level = stepLevel(policy, step);
  const path = ref.regionPath.split(".");
  const targetRegion = path[Math.min(path.length, LEVEL_DEPTH[level]) - 1] ?? ref.regionCode;
  return {
    topic: "case.step_notice",
    payload: { caseId: ref.id, code: ref.code, regionCode: ref.regionCode, step, level, targetRegion, why },
  };
}

/** Builds a transition step by step; each rule below adds what it does. */
class Change {
  events: CaseEvent[] = [];
  clockOps: ClockOp[] = [];
  notices: Notice[] = [];
  fields: CaseFields;
  constructor(
    readonly input: ChangeContext,
    public state: CaseState,
  ) {
    this.fields = { ...input.fields };
  }
  startStep(policy: TPolicy, from: Date) {
    const c = stepClockOf(policy, this.state.step, from, this.input.calendar);
    this.fields.stepDueAt = c?.clock.dueAt ?? null;
    this.fields.stepWarnAt = c?.clock.warnAt ?? null;
    this.fields.calendarUnknownYears = c?.unknownYears ?? [];
    if (c) this.clockOps.push({ op: "start", clock: c.clock });
  }
  stopAll() {
    // The ladder's clocks. A 码上反映 callback owed stays: a case settled without the call still shows
    // the call as missed when its time runs out (the sweep then spends the clock silently).
    this.clockOps.push({ op: "stop", kinds: ["step", "overall"] });
    this.fields.stepDueAt = null;
    this.fields.stepWarnAt = null;
    this.fields.overallDueAt = null;
  }
  done(): Transition {
    const { state, fields, events, clockOps, notices } = this;
    return { state, fields, events, clockOps, notices };
  }
}

/**
 * The one transition function. Throws AppError INVALID_TRANSITION / INVALID_INPUT for commands the
 * workflow refuses; never touches I/O, so the console can run it too.
 */
export function caseTransition(input: TransitionInput): Transition {
  const ch = new Change(input, input.state);
  const cause = input.cause;
  switch (cause.type) {
    case "command":
      applyCommand(ch, cause.command, cause.actorId);
      break;
    case "clocksDue":
      applyDueClocks(ch, cause.clocks);
      break;
    case "clocksWarn":
      for (const id of cause.clockIds) ch.clockOps.push({ op: "warned", clockId: id });
      warningEvent(ch, true);
      return ch.done();
    case "calledBack":
      ch.events.push({
        type: "case.called_back",
        at: input.now,
        data: { reached: cause.reached, note: cause.note, late: cause.late },
      });
      ch.clockOps.push({ op: "stop", kinds: [CALLBACK_KIND] });
      ch.fields.callbackDueAt = null;
      ch.fields.callbackMissed = false;
      break;
    case "rated":
      applyRating(ch, cause);
      break;
    case "recorded":
      ch.events.push({ type: cause.event, at: input.now, data: cause.data });
      ch.notices.push(...(cause.notices ?? []));
      break;
    case "procedure":
      if (cause.deadline && isOpen(ch.state.status)) {
        ch.fields.stepDueAt = cause.deadline.dueAt;
        ch.fields.stepWarnAt = cause.deadline.warnAt;
      }
      ch.events.push(...cause.events);
      ch.clockOps.push(...(cause.clockOps ?? []));
      ch.notices.push(...(cause.notices ?? []));
      if (cause.red && isOpen(ch.state.status)) ch.fields.missedDeadline = true;
      warningEvent(ch, cause.red === true);
      return ch.done();
    case "risk":
      if (!isOpen(ch.state.status) || cause.hits.length === 0) return ch.done();
      for (const h of cause.hits)
        ch.events.push({ type: "case.risk_flagged", at: input.now, data: { rule: h.rule, why: h.why } });
      ch.fields.highRisk = true;
      warningEvent(ch, true);
      return ch.done();
  }
  ch.fields.warning = effectiveWarning(ch.state, ch.fields, input.now);
  return ch.done();
}

/** What a workflow command does besides its state: clocks, deadlines on the case, notices. */
function applyCommand(ch: Change, command: CaseCommand, actorId: string | null) {
  const { ref, policy, now } = ch.input;
  const decided = decide(ch.state, command, now);
  ch.state = decided.state;
  ch.events.push(...decided.events);
  const f = ch.fields;
  switch (command.type) {
    case "accept":
      f.assigneeId ??= actorId;
      break;
    case "pause":
      ch.clockOps.push({ op: "pause" });
      f.pausedAt = now;
      break;
    case "resume": {
      ch.clockOps.push({ op: "resume" });
      const shift = f.pausedAt ? now.getTime() - f.pausedAt.getTime() : 0;
      const move = (d: Date | null) => (d ? new Date(d.getTime() + shift) : null);
      // A petition's case is held to its statutory period, which no pause stops (only the ladder's
      // backstop clock pauses; case-store moves the clock rows alike).
      if (!policy?.petition) {
        f.stepDueAt = move(f.stepDueAt);
        f.stepWarnAt = move(f.stepWarnAt);
      }
      f.overallDueAt = move(f.overallDueAt);
      f.callbackDueAt = move(f.callbackDueAt);
      f.pausedAt = null;
      break;
    }
    case "escalate":
      ch.clockOps.push({ op: "stop", kinds: ["step"] });
      if (policy) {
        ch.startStep(policy, now);
        ch.notices.push(stepNotice(ref, policy, ch.state.step, command.reason));
      }
      break;
    case "resolve":
      ch.stopAll();
      f.resolvedAt = now;
      ch.notices.push({ topic: "case.resolved", payload: { caseId: ref.id, code: ref.code } });
      break;
    case "close":
      ch.stopAll();
      f.closedAt = now;
      break;
    case "reject":
    case "refer":
    case "merge":
      ch.stopAll();
      f.closedAt = now;
      if (command.type === "merge") f.mergedInto = command.intoCode;
      break;
    case "reopen":
      reopen(ch);
      break;
    case "assign":
      f.assignedUnitId = command.unitId;
      f.assigneeId = command.userId;
      ch.notices.push({
        topic: "case.assigned",
        payload: { caseId: ref.id, code: ref.code, unitId: command.unitId, userId: command.userId },
      });
      break;
    case "note":
    case "startMediation":
    case "recordMediation":
      break;
  }
}

/** A reopened case starts its current step and the overall clock afresh, as a new case would. */
function reopen(ch: Change) {
  const { policy, now, calendar } = ch.input;
  const f = ch.fields;
  ch.stopAll();
  f.missedDeadline = false;
  f.resolvedAt = null;
  f.closedAt = null;
  f.mergedInto = null;
  f.pausedAt = null;
  if (!policy) return;
  ch.startStep(policy, now);
  const overall = overallClockOf(policy, now, calendar);
  f.overallDueAt = overall?.clock.dueAt ?? null;
  if (overall) ch.clockOps.push({ op: "start", clock: overall.clock });
}

function applyRating(ch: Change, cause: Extract<CaseCause, { type: "rated" }>) {
  const { ref, policy, now } = ch.input;
  ch.events.push({
    type: "case.rated",
    at: now,
    data: { rating: cause.rating, comment: cause.comment || null },
  });
  ch.fields.rating = cause.rating;
  if (cause.rating !== "dissatisfied" || cause.reopens === false) return;
  const reason = `群众评价不满意：${cause.comment || "（未填写意见）"}`;
  applyCommand(ch, { type: "reopen", reason }, null);
  // 码上反映: an unhappy citizen gets a call back within the same limit as a new report.
  const callback = policy && ref.hasPhone ? callbackClockOf(policy, now) : null;
  if (callback) {
    ch.clockOps.push({ op: "stop", kinds: [CALLBACK_KIND] }, { op: "start", clock: callback });
    ch.fields.callbackDueAt = callback.dueAt;
    ch.fields.callbackMissed = false;
  }
  ch.notices.push({
    topic: "case.reopened_by_citizen",
    payload: { caseId: ref.id, code: ref.code, regionCode: ref.regionCode },
  });
}

const AUTO_ESCALATION_REASON = "超时自动上报 / overdue";

/**
 * Clocks that ran out. An overdue ladder step escalates by itself — its next clock starts when the
 * last one ran out, so catching up after downtime keeps the ladder's time — until the last step,
 * which only turns red: people decide to 上交 beyond the township. A missed callback alerts the
 * responsibility chain and turns the case red without moving it up the ladder.
 */
function applyDueClocks(ch: Change, clocks: DueClock[]) {
  const { ref, policy, now } = ch.input;
  const f = ch.fields;
  for (const k of clocks) {
    ch.clockOps.push({ op: "fire", clockId: k.id });
    if (k.kind === CALLBACK_KIND) f.callbackDueAt = null;
    if (!policy || !isRunning(ch.state.status)) continue;
    if (k.kind === "step" && k.step === ch.state.step) {
      f.missedDeadline = true;
      if (ch.state.step < ch.state.stepCount) {
        const next = decide(ch.state, { type: "escalate", reason: AUTO_ESCALATION_REASON, auto: true }, now);
        ch.state = next.state;
        ch.events.push(...next.events.map((e) => ({ ...e, data: { ...e.data, dueAt: k.dueAt } })));
        ch.startStep(policy, k.dueAt);
        ch.notices.push(stepNotice(ref, policy, ch.state.step, "overdue"));
      } else {
        ch.events.push({ type: "case.step_overdue", at: now, data: { step: ch.state.step, dueAt: k.dueAt } });
        ch.notices.push({
          topic: "case.overdue",
          payload: { caseId: ref.id, code: ref.code, step: ch.state.step },
        });
      }
    } else if (k.kind === "overall") {
      f.missedDeadline = true;
      ch.events.push({ type: "case.overall_overdue", at: now, data: { dueAt: k.dueAt } });
      ch.notices.push({ topic: "case.overdue", payload: { caseId: ref.id, code: ref.code, overall: true } });
    } else if (k.kind === CALLBACK_KIND) {
      // Nobody called the citizen back in time: red on the cadre's and the center's boards.
      f.missedDeadline = true;
      f.callbackMissed = true;
      ch.events.push({ type: "case.callback_overdue", at: now, data: { dueAt: k.dueAt } });
      ch.notices.push({
        topic: "case.callback_overdue",
        payload: {
          caseId: ref.id,
          code: ref.code,
          regionCode: ref.regionCode,
          notify: ["village", "township"],
        },
      });
    }
  }
  warningEvent(ch, ch.events.length > 0);
}

/** The sweep says so in the timeline when it changes a case's colour. */
function warningEvent(ch: Change, when: boolean) {
  const before = ch.input.fields.warning;
  ch.fields.warning = effectiveWarning(ch.state, ch.fields, ch.input.now);
  if (when && ch.fields.warning !== before) {
    ch.events.push({
      type: "case.warning_changed",
      at: ch.input.now,
      data: { from: before, to: ch.fields.warning },
    });
  }
}

/** Intake: what a new case starts with. A 码上反映 case adds its QR facts and the callback clock. */
export interface NewCaseInput {
  ref: CaseRef;
  policy: TPolicy;
  calendar: CalendarOptions;
  now: Date;
  highRisk: boolean;
  /** The case.submitted event's data (code, channel, category, region, policy). */
  submitted: Record<string, unknown>;
  /** 码上反映: where the QR code hangs and who must call back. */
  qr?: { event: Record<string, unknown>; notice: Record<string, unknown> };
}

export function newCaseTransition(i: NewCaseInput): Transition {
  const state = initialCaseState(i.policy.steps.length);
  const fields: CaseFields = {
    warning: "blue",
    stepDueAt: null,
    stepWarnAt: null,
    overallDueAt: null,
    pausedAt: null,
    assignedUnitId: null,
    assigneeId: null,
    mergedInto: null,
    resolvedAt: null,
    closedAt: null,
    highRisk: i.highRisk,
    missedDeadline: false,
    calendarUnknownYears: [],
    callbackDueAt: null,
    callbackMissed: false,
    rating: null,
  };
  const ch = new Change({ ...i, fields }, state);
  ch.events.push({ type: "case.submitted", at: i.now, data: { ...i.submitted, policy: i.policy.key } });
  ch.startStep(i.policy, i.now);
  const overall = overallClockOf(i.policy, i.now, i.calendar);
  ch.fields.overallDueAt = overall?.clock.dueAt ?? null;
  if (overall) {
    ch.clockOps.push({ op: "start", clock: overall.clock });
    // A deadline in a year the official calendar does not know yet is flagged on the case, never hidden.
    ch.fields.calendarUnknownYears = [
      ...new Set([...ch.fields.calendarUnknownYears, ...overall.unknownYears]),
    ];
  }
  ch.notices.push(stepNotice(i.ref, i.policy, 1, "new case"));
  if (i.qr) {
    ch.events.push({ type: "case.qr_received", at: i.now, data: i.qr.event });
    // Anonymous reports leave no number to call: no callback clock, only the ladder.
    const callback = i.ref.hasPhone ? callbackClockOf(i.policy, i.now) : null;
    if (callback) ch.clockOps.push({ op: "start", clock: callback });
    ch.fields.callbackDueAt = callback?.dueAt ?? null;
    ch.notices.push({
      topic: "case.callback_required",
      payload: {
        caseId: i.ref.id,
        code: i.ref.code,
        regionCode: i.ref.regionCode,
        ...i.qr.notice,
        callbackDueAt: callback?.dueAt.toISOString() ?? null,
      },
    });
    // The citizen gets the code by SMS; the server puts the sealed number in for "reporter".
    if (i.ref.hasPhone) {
      ch.notices.push({
        topic: "sms.case_received",
        payload: { to: "reporter", template: "case_received", code: i.ref.code },
      });
    }
  }
  ch.fields.warning = effectiveWarning(ch.state, ch.fields, i.now);
  return ch.done();
}

/**
 * A second cause on a case in the same change (the sweep: a ladder step and a task deadline ran out
 * together): the second transition starts where the first ended; events, clocks and notices add up.
 */
export function andThen(first: Transition, input: Omit<TransitionInput, "state" | "fields">): Transition {
  const second = caseTransition({ ...input, state: first.state, fields: first.fields });
  return {
    state: second.state,
    fields: second.fields,
    events: [...first.events, ...second.events],
    clockOps: [...first.clockOps, ...second.clockOps],
    notices: [...first.notices, ...second.notices],
  };
}
