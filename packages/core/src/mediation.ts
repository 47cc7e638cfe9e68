import { z } from "zod";
import { type CalendarOptions, localDate, statutoryDeadline } from "./calendar";
import { MS_DAY } from "./duration";
import { AppError } from "./errors";
import { ZText } from "./schemas";
import type { CaseCause, ClockOp, NewClock } from "./transition";
import type { CaseStatus } from "./workflow";

// 多元调解: mediation organisations and their named rooms (陇南's brands) are data; a case is handed to
// one, which runs sessions, drafts the 调解协议书 (agreements.ts) and may lead to 司法确认
// (judicial-confirmation.ts). Each keeps its own record; the case takes every change as a `procedure`
// cause (or, for sessions, the case's own startMediation / recordMediation commands).

/** Kinds of mediation organisation: the statutory committees and the named rooms (品牌调解室). */
export const MEDIATION_ORG_KINDS = [
  { code: "village_committee", zh: "村（居）人民调解委员会", en: "Village mediation committee" },
  { code: "township_committee", zh: "乡镇（街道）人民调解委员会", en: "Township mediation committee" },
  { code: "room", zh: "品牌调解室", en: "Named mediation room" },
] as const;
export type MediationOrgKind = (typeof MEDIATION_ORG_KINDS)[number]["code"];
export const MEDIATION_ORG_KIND_CODES = MEDIATION_ORG_KINDS.map((k) => k.code) as [
  MediationOrgKind,
  ...MediationOrgKind[],
];

/**
 * The day counts of mediation and 司法确认, as data (the `settings` row `mediation.clocks`, seeded
 * with these defaults; an administrator may change them). Statutory numbers come from the law; the
 * mediation term and the follow-up are practice.
 */
export const ZMediationSettings = z.object({
  /** 调解期限: 《人民调解工作若干规定》 practice, one month. */
  termDays: z.number().int().min(1).max(365),
  /** 履行回访: days after the agreement's last performance date. */
  followupDays: z.number().int().min(0).max(90),
  /** 司法确认申请期限: 《人民调解法》第三十三条, 《民事诉讼法》第二百零五条: 30 days. */
  jcApplyDays: z.number().int().min(1).max(365),
  /** The reminder to the parties before the application window closes (day 20). */
  jcApplyWarnDays: z.number().int().min(0).max(365),
  /** 受理: 《关于人民调解协议司法确认程序的若干规定》第三条: 3 days. */
  jcAcceptDays: z.number().int().min(1).max(60),
  /** 审查: 同规定第六条: 15 days … */
  jcRuleDays: z.number().int().min(1).max(120),
  /** … extendable once by 10 with the court president's approval. */
  jcRuleExtensionDays: z.number().int().min(0).max(120),
});
export type TMediationSettings = z.infer<typeof ZMediationSettings>;

export const MEDIATION_DEFAULTS: TMediationSettings = {
  termDays: 30,
  followupDays: 3,
  jcApplyDays: 30,
  jcApplyWarnDays: 20,
  jcAcceptDays: 3,
  jcRuleDays: 15,
  jcRuleExtensionDays: 10,
};

/** Clock kinds of mediation, agreements and 司法确认 (one engine, `subjectId` = the record). */
export const MEDIATION_CLOCKS = {
  term: "mediation.term",
  followup: "agreement.followup",
  jcApply: "jc.apply",
  jcAccept: "jc.accept",
  jcRule: "jc.rule",
} as const;

/** The legal basis shown beside each deadline (the clock's `basis`). */
export function clockBasis(kind: string, days: number): string {
  switch (kind) {
    case MEDIATION_CLOCKS.term:
      return `《人民调解工作若干规定》：调解纠纷一般在一个月内调结：${days}日`;
    case MEDIATION_CLOCKS.followup:
      return `《人民调解法》第三十一条：督促履行，履行期限届满后${days}日内回访`;
    case MEDIATION_CLOCKS.jcApply:
      return `《人民调解法》第三十三条、《民事诉讼法》第二百零五条：协议生效之日起${days}日内共同申请`;
    case MEDIATION_CLOCKS.jcAccept:
      return `《关于人民调解协议司法确认程序的若干规定》第三条：${days}日内决定是否受理`;
    case MEDIATION_CLOCKS.jcRule:
      return `《关于人民调解协议司法确认程序的若干规定》第六条、《民事诉讼法》第二百零六条：受理后${days}日内作出决定`;
    default:
      return kind;
  }
}

/** The start (00:00, China time) of day `n` of a period that starts the day after `start`. */
export function dayStartOf(start: Date, n: number): Date {
  return new Date(Date.parse(`${localDate(start)}T00:00:00+08:00`) + n * MS_DAY);
}

/** A statutory clock: `days` from `start` by 《民事诉讼法》第八十五条 (holiday rule), optional warn day. */
export function statutoryClock(o: {
  kind: string;
  subjectId: string;
  start: Date;
  days: number;
  warnDay?: number | null;
  calendar: CalendarOptions;
  basisDays?: number;
}): NewClock {
  const due = statutoryDeadline(o.start, o.days, o.calendar).due;
  const warnAt = o.warnDay != null && o.warnDay > 0 ? dayStartOf(o.start, o.warnDay) : null;
  return {
    kind: o.kind,
    step: null,
    subjectId: o.subjectId,
    startedAt: o.start,
    dueAt: due,
    warnAt: warnAt && warnAt < due ? warnAt : null,
    basis: clockBasis(o.kind, o.basisDays ?? o.days),
  };
}

export type ProcedureCause = Extract<CaseCause, { type: "procedure" }>;

/** 交调解室: the room takes the case and the mediation term starts. */
export function handToRoom(o: {
  handingId: string;
  room: { id: string; name: string };
  previous: { id: string } | null;
  reason: string;
  now: Date;
  settings: TMediationSettings;
  calendar: CalendarOptions;
}): ProcedureCause {
  const clock = statutoryClock({
    kind: MEDIATION_CLOCKS.term,
    subjectId: o.handingId,
    start: o.now,
    days: o.settings.termDays,
    calendar: o.calendar,
  });
  const clockOps: ClockOp[] = [];
  if (o.previous) clockOps.push({ op: "stop", kinds: [MEDIATION_CLOCKS.term], subjectId: o.previous.id });
  clockOps.push({ op: "start", clock });
  return {
    type: "procedure",
    events: [
      {
        type: "mediation.handed",
        at: o.now,
        data: { roomId: o.room.id, room: o.room.name, reason: o.reason || null, termDueAt: clock.dueAt },
      },
    ],
    clockOps,
  };
}

export const SESSION_OUTCOMES = ["agreement", "partial", "failed", "adjourned"] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];

export const ZSessionInput = z.object({
  at: z.iso.datetime({ offset: true }),
  place: ZText.trim().min(1).max(200),
  mediatorIds: z.array(z.uuid()).min(1).max(10),
  partiesPresent: z.array(ZText.trim().min(1).max(60)).min(1).max(20),
  /** 调解笔录: what was said; a simple mediation may record only the matter and the result. */
  minutes: ZText.trim().min(1).max(20_000),
  outcome: z.enum(SESSION_OUTCOMES),
});
export type TSessionInput = z.infer<typeof ZSessionInput>;

/**
 * What a session does to the case, through the case's own commands: a result (agreement, partial,
 * failed) is a recordMediation — a failure sets failedMediation, which keeps the case red (the
 * workflow's rule) — and an adjourned first session starts the mediation. The session itself is a
 * `mediation.session_recorded` event with its outcome.
 */
export function sessionCauses(o: {
  status: CaseStatus;
  sessionId: string;
  room: string;
  session: TSessionInput;
  actorId: string;
  now: Date;
}): CaseCause[] {
  const { status, session, actorId } = o;
  if (status !== "accepted" && status !== "mediating") {
    throw new AppError(
      "INVALID_TRANSITION",
      { zh: "案件未受理或已办结，不能记录调解", en: "Only an accepted case being handled can be mediated" },
      { status },
    );
  }
  const causes: CaseCause[] = [];
  const summary = `${o.room}：${OUTCOME_WORDS[session.outcome]}`;
  if (session.outcome === "adjourned") {
    if (status === "accepted") causes.push({ type: "command", command: { type: "startMediation" }, actorId });
  } else {
    const success = session.outcome !== "failed";
    causes.push({ type: "command", command: { type: "recordMediation", success, summary }, actorId });
  }
  causes.push({
    type: "procedure",
    events: [
      {
        type: "mediation.session_recorded",
        at: o.now,
        data: { sessionId: o.sessionId, room: o.room, outcome: session.outcome, heldAt: session.at },
      },
    ],
  });
  return causes;
}

const OUTCOME_WORDS: Record<SessionOutcome, string> = {
  agreement: "达成协议",
  partial: "部分达成协议",
  failed: "调解不成",
  adjourned: "择期再调",
};

/** The mediation term ran out before an agreement: the case turns red. */
export function termOverdue(now: Date, dueAt: Date, room: string): ProcedureCause {
  return {
    type: "procedure",
    events: [{ type: "mediation.term_overdue", at: now, data: { room, dueAt } }],
    red: true,
  };
}
