import { addDuration, type CalendarOptions, localDate } from "./calendar";
import { MS_DAY } from "./duration";
import { AppError } from "./errors";
import type { Attendance, MeetingKind, MeetingSettings } from "./meetings";
import type { CaseCause, ClockOp, Notice } from "./transition";
import type { CaseEvent } from "./workflow";

// What a meeting's changes do to the cases on its agenda: the procedure cause each case takes on
// the one transition path (timeline event, the decisions' follow-up clocks, notices to owners, red
// when a decision ran over). Pure: the server locks, calls these and saves.

export type ProcedureCaseCause = Extract<CaseCause, { type: "procedure" }>;

// Kept here (not imported from meetings.ts) so the two files do not need each other at load time.
const FOLLOWUP = "meeting.followup";

export interface MeetingInfo {
  id: string;
  kind: MeetingKind;
  title: string;
}

export interface DecisionDraft {
  id: string;
  text: string;
  ownerUnitId: string | null;
  ownerUserId: string | null;
  /** For the timeline and the notice: the unit's or person's name. */
  ownerName: string;
  /** The agenda cases the decision is about; all of them when the minutes do not say. */
  caseIds: string[];
  /** A date chosen at the meeting (YYYY-MM-DD, due at 24:00 of it) … */
  dueDate?: string;
  /** … or a number of working days after the meeting (default: the settings). */
  workingDays?: number;
}

export interface Decision extends DecisionDraft {
  dueAt: Date;
  warnAt: Date | null;
  /** Shown beside the countdown: where the deadline comes from. */
  basis: string;
  unknownYears: number[];
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 24:00 (Beijing) at the end of a YYYY-MM-DD day. */
export function endOfLocalDay(date: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1) - SHANGHAI_OFFSET_MS);
}

/**
 * When a decision is due: at 24:00 of the chosen date, or of the Nth working day after the meeting
 * (official holidays and 调休 counted); the owner is reminded `reminderWorkingDays` working days earlier.
 */
export function decisionDue(
  heldAt: Date,
  d: DecisionDraft,
  s: MeetingSettings,
  cal: CalendarOptions,
): Decision {
  const working: CalendarOptions = { ...cal, counting: "working" };
  let dueAt: Date;
  let basis: string;
  let unknownYears: number[] = [];
  if (d.dueDate) {
    dueAt = endOfLocalDay(d.dueDate);
    if (Number.isNaN(dueAt.getTime()) || d.dueDate < localDate(heldAt)) {
      throw new AppError(
        "INVALID_INPUT",
        { zh: "决定的办结期限不能早于会议日期", en: "A decision cannot be due before the meeting" },
        { field: "decisions", dueDate: d.dueDate },
      );
    }
    basis = `会议决定期限：${d.dueDate}`;
  } else {
    const n = d.workingDays ?? s.decisionWorkingDays;
    const r = addDuration(heldAt, `P${n}D`, working);
    dueAt = endOfLocalDay(localDate(r.due));
    unknownYears = r.unknownYears;
    basis = `会议决定期限：${n}个工作日${d.workingDays === undefined ? "（默认）" : ""}`;
  }
  // The reminder lands at the start of the last working day(s), never before the meeting itself.
  const warn =
    s.reminderWorkingDays > 0 ? addDuration(dueAt, `-P${s.reminderWorkingDays}D`, working).due : null;
  const warnAt = warn && warn.getTime() > heldAt.getTime() ? warn : null;
  return { ...d, dueAt, warnAt, basis, unknownYears };
}

const meetingData = (m: MeetingInfo) => ({ meetingId: m.id, kind: m.kind, title: m.title });

function perCase(caseIds: string[], build: (caseId: string, i: number) => ProcedureCaseCause) {
  return new Map(caseIds.map((id, i) => [id, build(id, i)]));
}

/** 召集: each agenda case's timeline says when and where the meeting sits. */
export function plannedCauses(m: MeetingInfo, caseIds: string[], startsAt: Date, place: string, now: Date) {
  return perCase(caseIds, () => ({
    type: "procedure",
    // `venue`, not `place`: a timeline's `place` is a 码上反映 QR point.
    events: [{ type: "meeting.planned", at: now, data: { ...meetingData(m), startsAt, venue: place } }],
  }));
}

export function cancelledCauses(m: MeetingInfo, caseIds: string[], reason: string, now: Date) {
  return perCase(caseIds, () => ({
    type: "procedure",
    events: [{ type: "meeting.cancelled", at: now, data: { ...meetingData(m), reason } }],
  }));
}

export function followupClock(m: MeetingInfo, d: Decision, startedAt: Date): ClockOp {
  return {
    op: "start",
    clock: {
      kind: FOLLOWUP,
      step: null,
      subjectId: d.id,
      startedAt,
      dueAt: d.dueAt,
      warnAt: d.warnAt,
      basis: `${m.kind}:${d.basis}`,
    },
  };
}

interface OwnedDecision {
  id: string;
  text: string;
  ownerUnitId: string | null;
  ownerUserId: string | null;
  dueAt: Date;
}

const ownerNotice = (
  topic: string,
  m: MeetingInfo,
  d: OwnedDecision,
  extra: Record<string, unknown>,
): Notice => ({
  topic,
  payload: {
    ...meetingData(m),
    decisionId: d.id,
    text: d.text,
    unitId: d.ownerUnitId,
    userId: d.ownerUserId,
    dueAt: d.dueAt.toISOString(),
    ...extra,
  },
});

/**
 * 召开: "会诊已召开，形成决定3项" on each case (counting the decisions about it), a follow-up clock per
 * decision on each case it is about, one notice per decision to its owner. A meeting that decided
 * nothing to follow closes at once.
 */
export function heldCauses(o: {
  meeting: MeetingInfo;
  caseIds: string[];
  codes: Record<string, string>;
  attendance: Attendance[];
  decisions: Decision[];
  closes: boolean;
  now: Date;
}) {
  const count = (a: Attendance) => o.attendance.filter((x) => x === a).length;
  const notified = new Set<string>();
  return perCase(o.caseIds, (caseId) => {
    const mine = o.decisions.filter((d) => d.caseIds.includes(caseId));
    const events: CaseEvent[] = [
      {
        type: "meeting.held",
        at: o.now,
        data: {
          ...meetingData(o.meeting),
          decisions: mine.length,
          decisionTexts: mine.map((d) => d.text),
          present: count("present"),
          absent: count("absent"),
          excused: count("excused"),
        },
      },
    ];
    if (o.closes) events.push({ type: "meeting.closed", at: o.now, data: meetingData(o.meeting) });
    const notices: Notice[] = [];
    for (const d of mine) {
      if (notified.has(d.id)) continue;
      notified.add(d.id);
      notices.push(ownerNotice("meeting.decision_assigned", o.meeting, d, { caseId, code: o.codes[caseId] }));
    }
    return {
      type: "procedure",
      events,
      clockOps: mine.map((d) => followupClock(o.meeting, d, o.now)),
      notices,
    };
  });
}

/**
 * 办结 or 撤销 a decision: its clocks stop on every case it is about; when it was the last open one the
 * meeting closes, which every agenda case's timeline says.
 */
export function settledCauses(o: {
  meeting: MeetingInfo;
  agendaCaseIds: string[];
  decision: { id: string; text: string; caseIds: string[] };
  status: "done" | "dropped";
  result: string;
  closes: boolean;
  now: Date;
}) {
  const linked = o.agendaCaseIds.filter((id) => o.decision.caseIds.includes(id));
  const touched = o.closes ? o.agendaCaseIds : linked;
  return perCase(touched, (caseId) => {
    const events: CaseEvent[] = [];
    const clockOps: ClockOp[] = [];
    if (linked.includes(caseId)) {
      events.push({
        type: o.status === "done" ? "meeting.decision_done" : "meeting.decision_dropped",
        at: o.now,
        data: {
          ...meetingData(o.meeting),
          decisionId: o.decision.id,
          text: o.decision.text,
          result: o.result,
        },
      });
      clockOps.push({ op: "stop", kinds: [FOLLOWUP], subjectId: o.decision.id });
    }
    if (o.closes) events.push({ type: "meeting.closed", at: o.now, data: meetingData(o.meeting) });
    return { type: "procedure", events, clockOps };
  });
}

const overdueDays = (dueAt: Date, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / MS_DAY));

export interface FollowupItem {
  caseId: string;
  code: string;
  meeting: MeetingInfo;
  decision: OwnedDecision;
}

/**
 * A decision's clock at its warn point (催办 to the owner) or run out (the case turns red, the owner
 * and the convener's region are told). Several decisions of one case in one batch make one cause.
 */
export function followupCauses(on: "due" | "warn", items: FollowupItem[], now: Date) {
  const out = new Map<string, ProcedureCaseCause>();
  for (const it of items) {
    const cause = out.get(it.caseId) ?? {
      type: "procedure" as const,
      events: [],
      notices: [],
      red: on === "due",
    };
    const data = {
      ...meetingData(it.meeting),
      decisionId: it.decision.id,
      text: it.decision.text,
      dueAt: it.decision.dueAt,
    };
    cause.events.push({
      type: on === "due" ? "meeting.decision_overdue" : "meeting.decision_due_soon",
      at: now,
      data,
    });
    cause.notices?.push(
      ownerNotice(
        on === "due" ? "meeting.decision_overdue" : "meeting.decision_reminder",
        it.meeting,
        it.decision,
        { caseId: it.caseId, code: it.code, overdueDays: overdueDays(it.decision.dueAt, now) },
      ),
    );
    out.set(it.caseId, cause);
  }
  return out;
}
