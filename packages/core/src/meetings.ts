import { AppError } from "./errors";
import type { StepLevel } from "./policy";
import { inSubtree } from "./regions";
import type { Role } from "./roles";
import type { CaseCommand } from "./workflow";

export * from "./meetings-effects";
export * from "./meetings-schemas";

// Joint meetings of the 田字形 formula (要事联商) and the ladder's top half: 会诊 at the township
// center (step 3), 拍板 by the township leadership (step 4), and 府院联动 联席会议 of court and
// government at county level or above. A meeting keeps its own record (meetings, invitees,
// decisions); what it does to the cases on its agenda is the procedure cause built in
// meetings-effects.ts. These are the rules of who may convene what, where, and on which cases.

export const MEETING_KINDS = ["consultation", "liaison", "decision", "court_joint"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_NAMES: Record<MeetingKind, { zh: string; en: string }> = {
  consultation: { zh: "会诊", en: "Joint consultation" },
  liaison: { zh: "要事联商", en: "Joint deliberation" },
  decision: { zh: "拍板", en: "Township decision" },
  court_joint: { zh: "府院联动联席会议", en: "Court–government joint meeting" },
};

export const MEETING_STATES = ["planned", "held", "closed", "cancelled"] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const DECISION_STATUSES = ["open", "done", "dropped"] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const ATTENDANCE = ["present", "absent", "excused"] as const;
export type Attendance = (typeof ATTENDANCE)[number];

/** The clock kind of a decision's follow-up, one per linked case, subjectId = the decision. */
export const MEETING_FOLLOWUP = "meeting.followup";

/** Defaults kept as data (settings row `meetings`, seeded by migration; an administrator may change them). */
export interface MeetingSettings {
  /** A decision without its own date is due at 24:00 of the Nth working day after the meeting. */
  decisionWorkingDays: number;
  /** 催办: the owner is reminded this many working days before the due time. */
  reminderWorkingDays: number;
  /** Cases on one agenda at most: a meeting is about a few matters, not a batch job. */
  maxAgenda: number;
}
export const DEFAULT_MEETING_SETTINGS: MeetingSettings = {
  decisionWorkingDays: 5,
  reminderWorkingDays: 1,
  maxAgenda: 20,
};

// Region depth in a path: 1 province, 2 city, 3 county, 4 township, 5 village, 6 grid.
const depth = (path: string) => path.split(".").length;

interface KindRule {
  roles: readonly Role[];
  /** Depths of the region a meeting of this kind is held for. */
  depths: readonly number[];
  /** Step levels a case must stand at to be on the agenda; null: any open case. */
  caseLevels: readonly (StepLevel | "beyond")[] | null;
}

/**
 * Who convenes what, where: 会诊 and 要事联商 by the center or the township (a county center too);
 * 拍板 only by the township leadership, on cases standing at the township step or beyond; 府院联动 at
 * county, city or province level, convened by center staff, township leaders posted there or leaders.
 */
export const MEETING_RULES: Record<MeetingKind, KindRule> = {
  consultation: { roles: ["center_staff", "township_leader"], depths: [3, 4], caseLevels: null },
  liaison: { roles: ["center_staff", "township_leader"], depths: [3, 4], caseLevels: null },
  decision: { roles: ["township_leader"], depths: [4], caseLevels: ["township", "beyond"] },
  court_joint: { roles: ["center_staff", "township_leader", "leader"], depths: [1, 2, 3], caseLevels: null },
};

/** Whether these roles may convene a meeting of `kind` at all (the console's buttons). */
export function mayConvene(roles: readonly Role[], kind: MeetingKind): boolean {
  return MEETING_RULES[kind].roles.some((r) => roles.includes(r));
}

export interface AgendaCase {
  id: string;
  code: string;
  status: string;
  regionPath: string;
  /** Level of the case's current step; null beyond the ladder (上交). */
  stepLevel: StepLevel | null;
}

const OPEN = ["submitted", "accepted", "mediating", "paused"];

const bad = (zh: string, en: string, details?: unknown) => new AppError("INVALID_INPUT", { zh, en }, details);

/**
 * A meeting may be convened: the convener's role for the kind, the meeting's region inside the
 * convener's jurisdiction and at the kind's level, every agenda case open and inside the meeting's
 * region, a 拍板 case at the township step, and a court among the 府院联动 invitees.
 */
export function checkConvene(o: {
  kind: MeetingKind;
  roles: readonly Role[];
  actorRegionPath: string;
  meetingRegionPath: string;
  agenda: AgendaCase[];
  invitedUnitKinds: string[];
  settings: MeetingSettings;
}): void {
  const rule = MEETING_RULES[o.kind];
  if (!mayConvene(o.roles, o.kind)) throw new AppError("FORBIDDEN");
  if (!inSubtree(o.meetingRegionPath, o.actorRegionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  if (!rule.depths.includes(depth(o.meetingRegionPath))) {
    throw bad(
      `${MEETING_KIND_NAMES[o.kind].zh}不在此级别召开`,
      `A ${MEETING_KIND_NAMES[o.kind].en} is not held at this level`,
      { field: "regionCode" },
    );
  }
  if (o.agenda.length === 0 || o.agenda.length > o.settings.maxAgenda) {
    throw bad(
      `议题案件应为 1 至 ${o.settings.maxAgenda} 件`,
      `An agenda holds 1 to ${o.settings.maxAgenda} cases`,
      {
        field: "caseIds",
      },
    );
  }
  for (const c of o.agenda) {
    if (!inSubtree(c.regionPath, o.meetingRegionPath)) {
      throw bad(`案件 ${c.code} 不在本次会议的辖区内`, `Case ${c.code} lies outside the meeting's region`, {
        field: "caseIds",
        code: c.code,
      });
    }
    if (!OPEN.includes(c.status)) {
      throw bad(
        `案件 ${c.code} 已办结，不能列入议题`,
        `Case ${c.code} is settled and cannot be on the agenda`,
        {
          field: "caseIds",
          code: c.code,
        },
      );
    }
    if (rule.caseLevels && !rule.caseLevels.includes(c.stepLevel ?? "beyond")) {
      throw bad(
        `案件 ${c.code} 尚未到乡镇拍板环节`,
        `Case ${c.code} is not at the township's decision step`,
        {
          field: "caseIds",
          code: c.code,
        },
      );
    }
  }
  if (o.kind === "court_joint" && !o.invitedUnitKinds.includes("court")) {
    throw bad(
      "府院联动联席会议须邀请法院（法庭）参加",
      "A court–government joint meeting must invite a court",
      {
        field: "invitees",
      },
    );
  }
}

/** What may happen to a meeting in each state. */
export const MEETING_ACTIONS = {
  planned: ["invite", "hold", "cancel"],
  held: ["settle"],
  closed: [],
  cancelled: [],
} as const satisfies Record<MeetingState, readonly string[]>;
export type MeetingAction = "invite" | "hold" | "cancel" | "settle";

export function assertMeetingCan(state: MeetingState, action: MeetingAction): void {
  if (!(MEETING_ACTIONS[state] as readonly string[]).includes(action)) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "会议当前状态下不能执行此操作",
      en: `A ${state} meeting cannot ${action}`,
    });
  }
}

/** A held meeting closes when every decision is done or dropped (at once when it decided nothing to follow). */
export function stateAfterSettling(statuses: DecisionStatus[]): MeetingState {
  return statuses.every((s) => s !== "open") ? "closed" : "held";
}

export const PAIBAN_OUTCOMES = ["resolve", "refer", "escalate"] as const;
export type PaibanOutcomeType = (typeof PAIBAN_OUTCOMES)[number];

export interface PaibanOutcome {
  caseId: string;
  type: PaibanOutcomeType;
  text: string;
  /** refer: where the case goes (法院, 仲裁, 信访 …). */
  to?: string;
}

/**
 * 拍板: the township's decision is the case's step-4 outcome, taken through the normal case commands
 * (resolve 化解, refer 引导 to court or another channel, or escalate 上交 beyond the township), with
 * the meeting as its reason. A case nobody had taken up yet is accepted by the meeting, a paused one
 * resumed, so the outcome follows the workflow table rather than bypassing it.
 */
export function paibanCommands(status: string, o: PaibanOutcome, meetingTitle: string): CaseCommand[] {
  const why = `乡镇拍板（${meetingTitle}）：${o.text}`;
  const before: CaseCommand[] =
    status === "paused"
      ? [{ type: "resume" }]
      : status === "submitted" && o.type === "resolve"
        ? [{ type: "accept" }]
        : [];
  switch (o.type) {
    case "resolve":
      return [...before, { type: "resolve", summary: why }];
    case "refer":
      if (!o.to) throw bad("请填写引导去向", "Say where the case is referred to", { field: "outcomes" });
      return [...before, { type: "refer", reason: why, to: o.to }];
    case "escalate":
      return [...before, { type: "escalate", reason: why, auto: false }];
  }
}

/** Every agenda case of a 拍板 gets exactly one outcome; other kinds take none. */
export function checkOutcomes(kind: MeetingKind, caseIds: string[], outcomes: PaibanOutcome[]): void {
  if (kind !== "decision") {
    if (outcomes.length > 0) throw bad("只有拍板会议记录案件结论", "Only a 拍板 records case outcomes");
    return;
  }
  const given = outcomes.map((o) => o.caseId).sort();
  const wanted = [...caseIds].sort();
  if (given.length !== wanted.length || given.some((id, i) => id !== wanted[i])) {
    throw bad("拍板须为每件议题案件作出一项结论", "A 拍板 records one outcome for every case on its agenda", {
      field: "outcomes",
    });
  }
}
