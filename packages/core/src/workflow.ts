import { AppError } from "./errors";

export const CASE_STATUSES = ["submitted", "accepted", "mediating", "paused", "resolved", "closed"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** rejected 不予受理, merged 合并 (duplicate), referred 引导诉讼 etc.: closed, but not resolved. */
export const OUTCOMES = ["resolved", "rejected", "merged", "referred"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type PausableStatus = "submitted" | "accepted" | "mediating";

export interface CaseState {
  status: CaseStatus;
  /** 1-based ladder step; stepCount + 1 means 上交 beyond the township. */
  step: number;
  stepCount: number;
  pausedFrom: PausableStatus | null;
  failedMediation: boolean;
  outcome: Outcome | null;
  /** The step at which the case was settled: feeds 小事不出村 / 大事不出镇 / 矛盾不上交. */
  settledStep: number | null;
  mediationAttempts: number;
  reopenCount: number;
}

export type CaseCommand =
  | { type: "accept" }
  | { type: "note"; text: string }
  | { type: "startMediation" }
  | { type: "recordMediation"; success: boolean; summary: string }
  | { type: "pause"; reason: string }
  | { type: "resume" }
  | { type: "escalate"; reason: string; auto: boolean; toStep?: number }
  | { type: "resolve"; summary: string }
  | { type: "close" }
  | { type: "reject"; reason: string }
  | { type: "merge"; intoCode: string }
  | { type: "refer"; reason: string; to: string }
  | { type: "reopen"; reason: string }
  | { type: "assign"; unitId: string | null; userId: string | null };
export type CaseCommandType = CaseCommand["type"];

/**
 * Whether a command must carry the case's current version (optimistic concurrency). A note adds to the
 * record without reading or changing the case's state, so nothing done meanwhile can make it wrong: two
 * cadres writing notes on one case at once both land, neither retypes hers (whether a note is allowed at
 * all is still decided on the case as it stands). Every other command acts on what its sender saw.
 */
export const needsCurrentVersion = (type: CaseCommandType): boolean => type !== "note";

export interface CaseEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
}

/** "same" keeps the status; "pausedFrom" returns to where the case was when it was paused. */
export type TransitionTarget = CaseStatus | "same" | "pausedFrom";

export const TRANSITIONS = {
  submitted: {
    accept: "accepted",
    note: "same",
    pause: "paused",
    escalate: "same",
    reject: "closed",
    merge: "closed",
    refer: "closed",
    assign: "same",
  },
  accepted: {
    note: "same",
    startMediation: "mediating",
    // 首调: a grid worker often mediates on the spot and records the attempt straight away.
    recordMediation: "mediating",
    pause: "paused",
    escalate: "same",
    resolve: "resolved",
    reject: "closed",
    merge: "closed",
    refer: "closed",
    assign: "same",
  },
  mediating: {
    note: "same",
    recordMediation: "same",
    pause: "paused",
    escalate: "same",
    resolve: "resolved",
    merge: "closed",
    refer: "closed",
    assign: "same",
  },
  paused: { note: "same", resume: "pausedFrom", assign: "same" },
  // 回访 (follow-up call) happens between resolved and closed; 不满意 reopens.
  resolved: { note: "same", close: "closed", reopen: "accepted", assign: "same" },
  closed: { note: "same", reopen: "accepted" },
} as const satisfies Record<CaseStatus, Partial<Record<CaseCommandType, TransitionTarget>>>;

/** The audit event each command writes, past tense. */
export const COMMAND_EVENTS = {
  accept: "case.accepted",
  note: "case.noted",
  startMediation: "case.mediation_started",
  recordMediation: "case.mediation_recorded",
  pause: "case.paused",
  resume: "case.resumed",
  escalate: "case.escalated",
  resolve: "case.resolved",
  close: "case.closed",
  reject: "case.rejected",
  merge: "case.merged",
  refer: "case.referred",
  reopen: "case.reopened",
  assign: "case.assigned",
} as const satisfies Record<CaseCommandType, string>;
export type CaseEventType = (typeof COMMAND_EVENTS)[CaseCommandType];

export function initialCaseState(stepCount: number): CaseState {
  if (!Number.isInteger(stepCount) || stepCount < 1) {
    throw new AppError("INVALID_INPUT", { zh: "流程步骤数无效", en: `Invalid step count: ${stepCount}` });
  }
  return {
    status: "submitted",
    step: 1,
    stepCount,
    pausedFrom: null,
    failedMediation: false,
    outcome: null,
    settledStep: null,
    mediationAttempts: 0,
    reopenCount: 0,
  };
}

function targetOf(state: CaseState, type: CaseCommandType): TransitionTarget | undefined {
  const row: Partial<Record<CaseCommandType, TransitionTarget>> = TRANSITIONS[state.status];
  return row[type];
}

/** Guards that depend on more than the status: the ladder has a top. */
function guardFails(state: CaseState, command: CaseCommand): boolean {
  if (command.type !== "escalate") return false;
  // Automatic escalation stops at the last step: only people decide to 上交 beyond the township.
  if (state.step > state.stepCount || (command.auto && state.step === state.stepCount)) return true;
  // A chosen target only goes up, and never past 上交 (stepCount + 1).
  const to = command.toStep;
  return to !== undefined && (!Number.isInteger(to) || to <= state.step || to > state.stepCount + 1);
}

export function allowedCommands(state: CaseState): CaseCommandType[] {
  const row: Partial<Record<CaseCommandType, TransitionTarget>> = TRANSITIONS[state.status];
  const types = Object.keys(row) as CaseCommandType[];
  return types.filter((t) => t !== "escalate" || state.step <= state.stepCount);
}

/** One name per status, for the console, the exports and error messages alike. */
export const STATUS_NAMES: Record<CaseStatus, { zh: string; en: string }> = {
  submitted: { zh: "待受理", en: "Submitted" },
  accepted: { zh: "已受理", en: "Accepted" },
  mediating: { zh: "调解中", en: "Mediating" },
  paused: { zh: "暂停", en: "Paused" },
  resolved: { zh: "已办结", en: "Resolved" },
  closed: { zh: "已结案", en: "Closed" },
};

/** The names in one language, keyed by status (the console's message tables). */
export const statusNames = (lang: "zh" | "en") =>
  Object.fromEntries(CASE_STATUSES.map((s) => [s, STATUS_NAMES[s][lang]])) as Record<CaseStatus, string>;

function refuse(state: CaseState, command: CaseCommand): AppError {
  const auto = command.type === "escalate" && command.auto ? "auto-" : "";
  return new AppError(
    "INVALID_TRANSITION",
    {
      zh: `案件${STATUS_NAMES[state.status].zh}（第 ${state.step} 步），不能执行“${command.type}”`,
      en: `Cannot ${auto}${command.type} a case that is ${state.status} (step ${state.step})`,
    },
    { status: state.status, step: state.step, command: command.type },
  );
}

// Required free text must say something: a blank reason is no reason (不予受理 needs a reason).
function requireText(command: CaseCommand): void {
  const c = command as Partial<Record<string, unknown>>;
  const fields = ["text", "summary", "reason", "intoCode", "to"].filter((f) => f in c);
  for (const f of fields) {
    const v = c[f];
    if (typeof v !== "string" || v.trim() === "") {
      throw new AppError(
        "INVALID_INPUT",
        { zh: `“${command.type}”需要填写 ${f}`, en: `${command.type} needs a non-blank ${f}` },
        { field: f },
      );
    }
  }
}

// TRANSITIONS only lets pause in from these statuses; this keeps the type honest without a cast.
function pausable(status: CaseStatus): PausableStatus {
  if (status === "submitted" || status === "accepted" || status === "mediating") return status;
  throw new AppError("INTERNAL", { en: `pause from ${status}` });
}

function nextState(state: CaseState, command: CaseCommand, target: TransitionTarget): CaseState {
  const status: CaseStatus =
    target === "same" ? state.status : target === "pausedFrom" ? (state.pausedFrom ?? "accepted") : target;
  const s: CaseState = { ...state, status };
  switch (command.type) {
    case "pause":
      return { ...s, pausedFrom: pausable(state.status) };
    case "resume":
      return { ...s, pausedFrom: null };
    case "recordMediation":
      return {
        ...s,
        mediationAttempts: state.mediationAttempts + 1,
        failedMediation: state.failedMediation || !command.success,
      };
    case "escalate":
      return { ...s, step: command.toStep ?? state.step + 1 };
    case "resolve":
      return { ...s, outcome: "resolved", settledStep: state.step };
    case "reject":
      return { ...s, outcome: "rejected" };
    case "merge":
      return { ...s, outcome: "merged" };
    case "refer":
      return { ...s, outcome: "referred" };
    case "reopen":
      return { ...s, outcome: null, settledStep: null, reopenCount: state.reopenCount + 1 };
    case "accept":
    case "note":
    case "startMediation":
    case "close":
    case "assign":
      return s;
  }
}

/** The case workflow as one pure function: (state, command, now) → (new state, events). */
export function decide(
  state: CaseState,
  command: CaseCommand,
  now: Date,
): { state: CaseState; events: CaseEvent[] } {
  const target = targetOf(state, command.type);
  if (target === undefined || guardFails(state, command)) throw refuse(state, command);
  requireText(command);
  const next = nextState(state, command, target);
  const { type, ...payload } = command;
  const data: Record<string, unknown> = { ...payload, fromStatus: state.status, toStatus: next.status };
  if (next.step !== state.step) Object.assign(data, { fromStep: state.step, toStep: next.step });
  return { state: next, events: [{ type: COMMAND_EVENTS[type], at: now, data }] };
}

/**
 * Where an actor may send a case by hand. `stepLevels` are the policy's step levels in order,
 * `actorLevels` the rungs the actor answers for. Besides the next step: when the actor's own rung
 * is higher up the ladder, "take over" moves the case there and "above" to the step right above it
 * (a village cadre escalating a grid case lands it on 组团, their own desk, or goes straight to 会诊).
 * `max` is the highest step the server accepts from this actor; never beyond stepCount + 1.
 */
export function escalationTargets(
  state: Pick<CaseState, "step" | "stepCount">,
  stepLevels: readonly string[],
  actorLevels: readonly string[],
): { next: number; takeOver: number | null; above: number | null; max: number } {
  const next = state.step + 1;
  let own = 0;
  stepLevels.forEach((level, i) => {
    if (actorLevels.includes(level)) own = i + 1;
  });
  if (own <= state.step) return { next, takeOver: null, above: null, max: next };
  const above = own + 1 <= state.stepCount + 1 ? own + 1 : null;
  return { next, takeOver: own, above, max: above ?? own };
}
