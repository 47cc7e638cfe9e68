import { z } from "zod";
import type { CalendarOptions } from "./calendar";
import { mayConcernPersonalStatus } from "./categories";
import { AppError } from "./errors";
import { MEDIATION_CLOCKS, type ProcedureCause, statutoryClock, type TMediationSettings } from "./mediation";
import { ZText } from "./schemas";
import type { CaseCause, ClockOp } from "./transition";
import type { CaseStatus } from "./workflow";

// 调解协议书 (《人民调解法》第二十八条、第二十九条): the parties' particulars, the facts, the matters in
// dispute and each side's responsibility, what was agreed and how, where and by when it is performed;
// it takes effect when every party has signed (and the mediator signed, the committee stamped).

const text = (max: number) => ZText.trim().min(1).max(max);
const day = z.iso.date();

/**
 * What the agreement settles about people's status. 婚姻、收养、身份关系 cannot be confirmed by a
 * court (《关于人民调解协议司法确认程序的若干规定》第四条); money and property can, even in a family.
 */
export const STATUS_MATTERS = ["none", "marriage", "adoption", "identity"] as const;
export type StatusMatter = (typeof STATUS_MATTERS)[number];

export const ZAgreementParty = z.object({
  role: z.enum(["applicant", "respondent", "other"]),
  name: text(100),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/)
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^(\+?86)?[\d -]{5,20}$/)
    .optional(),
  address: text(200).optional(),
});
export type TAgreementParty = z.infer<typeof ZAgreementParty>;

/** One obligation: what, how, where, by when (履行的方式、地点、期限). */
export const ZAgreementTerm = z.object({
  what: text(2000),
  how: text(500),
  where: text(200),
  by: day,
});
export type TAgreementTerm = z.infer<typeof ZAgreementTerm>;

export const ZAgreementInput = z.object({
  parties: z.array(ZAgreementParty).min(2).max(20),
  facts: text(10_000),
  dispute: text(5000),
  responsibilities: text(5000),
  terms: z.array(ZAgreementTerm).min(1).max(30),
  /** Required for 婚姻家庭 disputes (mayConcernPersonalStatus); "none" elsewhere when left out. */
  statusMatter: z.enum(STATUS_MATTERS).optional(),
  mediatorNames: z.array(text(60)).min(1).max(10),
});
export type TAgreementInput = z.infer<typeof ZAgreementInput>;

/** What the agreement settles about status; a family dispute's agreement must say it outright. */
export function statusMatterOf(category: string, given: StatusMatter | undefined): StatusMatter {
  if (given) return given;
  if (mayConcernPersonalStatus(category)) {
    throw new AppError(
      "INVALID_INPUT",
      {
        zh: "婚姻家庭纠纷的调解协议须注明是否涉及婚姻、收养或身份关系",
        en: "A family dispute's agreement must say whether it settles a marriage, adoption or identity",
      },
      { field: "statusMatter" },
    );
  }
  return "none";
}

export const AGREEMENT_STATUSES = ["draft", "effective", "refused"] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** 履行: pending until the follow-up; then honoured, or breached (reopened / referred to court). */
export const PERFORMANCE_STATES = ["pending", "due", "honoured", "breached"] as const;
export type Performance = (typeof PERFORMANCE_STATES)[number];

export interface Signature {
  signed: boolean;
  on: string;
}

export interface AgreementState {
  id: string;
  status: AgreementStatus;
  /** One per party, in the parties' order; null until that party signs or refuses. */
  signatures: (Signature | null)[];
  effectiveAt: Date | null;
  performance: Performance | null;
}

/** The last day anything is to be performed: the follow-up counts from it. */
export function lastPerformanceDate(terms: readonly TAgreementTerm[]): string {
  const last = [...terms]
    .map((t) => t.by)
    .sort()
    .at(-1);
  if (!last) throw new AppError("INVALID_INPUT", { zh: "协议须有履行内容", en: "An agreement needs terms" });
  return last;
}

/** A draft may be edited until the first party signs or refuses: what they sign is what stays. */
export function requireEditable(a: AgreementState): void {
  if (a.status !== "draft" || a.signatures.some((s) => s !== null)) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "已有当事人签署，协议不能再修改",
      en: "A party has signed; the agreement can no longer be changed",
    });
  }
}

export interface SignResult {
  state: AgreementState;
  causes: CaseCause[];
}

/**
 * A party signs (or refuses). A refusal ends this agreement (mediation goes on, or fails). When every
 * party has signed it takes effect: the mediation term stops, the 履行回访 clock starts after the last
 * performance date and, where a court may confirm it, the 30-day 司法确认 window opens; a case still
 * being handled is resolved by the agreement.
 */
export function signAgreement(
  a: AgreementState,
  o: {
    party: number;
    signed: boolean;
    on: string;
    partyName: string;
    terms: readonly TAgreementTerm[];
    confirmable: boolean;
    handingId: string | null;
    caseStatus: CaseStatus;
    actorId: string;
    now: Date;
    settings: TMediationSettings;
    calendar: CalendarOptions;
  },
): SignResult {
  if (a.status !== "draft") {
    throw new AppError("INVALID_TRANSITION", {
      zh: "协议已生效或已被拒签",
      en: "The agreement is no longer open",
    });
  }
  if (o.party < 0 || o.party >= a.signatures.length) {
    throw new AppError("INVALID_INPUT", { zh: "当事人不存在", en: "No such party" }, { field: "party" });
  }
  if (a.signatures[o.party] !== null) {
    throw new AppError("INVALID_TRANSITION", { zh: "该当事人已签署", en: "This party has already signed" });
  }
  const signatures = a.signatures.map((s, i) => (i === o.party ? { signed: o.signed, on: o.on } : s));
  const events = [
    {
      type: o.signed ? "agreement.signed" : "agreement.refused",
      at: o.now,
      data: { agreementId: a.id, party: o.partyName, on: o.on },
    },
  ];
  if (!o.signed) {
    return { state: { ...a, signatures, status: "refused" }, causes: [{ type: "procedure", events }] };
  }
  if (signatures.some((s) => s === null)) {
    return { state: { ...a, signatures }, causes: [{ type: "procedure", events }] };
  }
  const clockOps: ClockOp[] = [];
  if (o.handingId) clockOps.push({ op: "stop", kinds: [MEDIATION_CLOCKS.term], subjectId: o.handingId });
  const followup = statutoryClock({
    kind: MEDIATION_CLOCKS.followup,
    subjectId: a.id,
    start: new Date(`${lastPerformanceDate(o.terms)}T12:00:00+08:00`),
    days: o.settings.followupDays,
    calendar: o.calendar,
  });
  clockOps.push({ op: "start", clock: { ...followup, startedAt: o.now } });
  if (o.confirmable) {
    const apply = statutoryClock({
      kind: MEDIATION_CLOCKS.jcApply,
      subjectId: a.id,
      start: o.now,
      days: o.settings.jcApplyDays,
      warnDay: o.settings.jcApplyWarnDays,
      calendar: o.calendar,
    });
    clockOps.push({ op: "start", clock: apply });
  }
  events.push({
    type: "agreement.effective",
    at: o.now,
    data: { agreementId: a.id, party: o.partyName, on: o.on },
  });
  const causes: CaseCause[] = [{ type: "procedure", events, clockOps }];
  if (o.caseStatus === "accepted" || o.caseStatus === "mediating") {
    causes.push({
      type: "command",
      command: { type: "resolve", summary: "达成人民调解协议 / mediation agreement in effect" },
      actorId: o.actorId,
    });
  }
  return {
    state: { ...a, signatures, status: "effective", effectiveAt: o.now, performance: "pending" },
    causes,
  };
}

/** The follow-up is due: the room is told to visit the parties (not a failure yet). */
export function followupDue(a: AgreementState, now: Date): { state: AgreementState; cause: ProcedureCause } {
  return {
    state: a.performance === "pending" ? { ...a, performance: "due" } : a,
    cause: {
      type: "procedure",
      events: [{ type: "agreement.followup_due", at: now, data: { agreementId: a.id } }],
      notices: [{ topic: "agreement.followup_due", payload: { agreementId: a.id } }],
    },
  };
}

export const FOLLOWUP_NEXT = ["reopen", "litigate"] as const;
export const ZFollowupInput = z.discriminatedUnion("honoured", [
  z.object({ honoured: z.literal(true), note: ZText.trim().max(2000).default("") }),
  z.object({ honoured: z.literal(false), next: z.enum(FOLLOWUP_NEXT), note: text(2000) }),
]);
export type TFollowupInput = z.infer<typeof ZFollowupInput>;

/**
 * 履行回访: honoured → done; not honoured → the case is reopened for another mediation, or the parties
 * are referred to the court (引导诉讼: the case closes "referred", not "resolved").
 */
export function recordFollowup(
  a: AgreementState,
  input: TFollowupInput,
  o: { caseStatus: CaseStatus; actorId: string; now: Date },
): SignResult {
  if (a.status !== "effective" || (a.performance !== "pending" && a.performance !== "due")) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "协议未生效或已回访",
      en: "The agreement is not in effect, or its follow-up is done",
    });
  }
  const performance: Performance = input.honoured ? "honoured" : "breached";
  const causes: CaseCause[] = [
    {
      type: "procedure",
      events: [
        {
          type: "agreement.followed_up",
          at: o.now,
          data: {
            agreementId: a.id,
            honoured: input.honoured,
            next: input.honoured ? null : input.next,
            note: input.note || null,
          },
        },
      ],
      clockOps: [{ op: "stop", kinds: [MEDIATION_CLOCKS.followup], subjectId: a.id }],
    },
  ];
  if (!input.honoured) {
    const settled = o.caseStatus === "resolved" || o.caseStatus === "closed";
    const reason = `调解协议未履行：${input.note}`;
    if (settled) causes.push({ type: "command", command: { type: "reopen", reason }, actorId: o.actorId });
    if (input.next === "litigate") {
      causes.push({
        type: "command",
        command: { type: "refer", reason, to: "人民法院（引导诉讼）" },
        actorId: o.actorId,
      });
    }
  }
  return { state: { ...a, performance }, causes };
}
