import { z } from "zod";
import type { StatusMatter } from "./agreements";
import type { CalendarOptions } from "./calendar";
import { AppError } from "./errors";
import { MEDIATION_CLOCKS, type ProcedureCause, statutoryClock, type TMediationSettings } from "./mediation";
import { ZText } from "./schemas";
import type { ClockOp } from "./transition";

// 司法确认: the parties of an effective 调解协议书 apply jointly to the basic-level court within 30 days
// (《人民调解法》第三十三条, 《民事诉讼法》第二百零五条); the court decides within 3 days whether to accept
// (《关于人民调解协议司法确认程序的若干规定》第三条) and, once accepted, rules within 15 days,
// extendable once by 10 (同规定第六条); a confirmed agreement can be enforced (《民事诉讼法》第二百零六条),
// one not confirmed leaves the parties to mediate again, change the agreement, or sue.

export const JC_STATUSES = ["applied", "accepted", "not_accepted", "confirmed", "not_confirmed"] as const;
export type JcStatus = (typeof JC_STATUSES)[number];
export const JC_NEXT = ["re_mediate", "change_agreement", "litigate"] as const;
export type JcNext = (typeof JC_NEXT)[number];

export interface JcState {
  id: string;
  status: JcStatus;
  appliedAt: Date;
  acceptedAt: Date | null;
  extended: boolean;
  ruleDueAt: Date | null;
}

const STATUS_REASON: Record<Exclude<StatusMatter, "none">, { zh: string; en: string }> = {
  marriage: { zh: "确认婚姻关系", en: "it concerns a marriage relationship" },
  adoption: { zh: "确认收养关系", en: "it concerns an adoption relationship" },
  identity: { zh: "确认身份关系", en: "it concerns a personal identity relationship" },
};

/**
 * Why a court may not confirm this agreement, or null. 《关于人民调解协议司法确认程序的若干规定》第四条:
 * applications to confirm 身份关系、收养关系、婚姻关系 are not accepted.
 */
export function notConfirmableReason(statusMatter: StatusMatter): { zh: string; en: string } | null {
  if (statusMatter === "none") return null;
  const r = STATUS_REASON[statusMatter];
  return {
    zh: `调解协议涉及${r.zh}，依《关于人民调解协议司法确认程序的若干规定》第四条，人民法院不予受理司法确认申请`,
    en: `A court does not confirm this agreement: ${r.en} (Provisions on Judicial Confirmation of People's Mediation Agreements, art. 4)`,
  };
}

export const ZJcApply = z.object({
  courtUnitId: z.uuid(),
  /** Both (all) parties apply together (共同申请); one party alone cannot. */
  jointly: z.literal(true),
  note: ZText.trim().max(2000).default(""),
});
export const ZJcAcceptance = z.discriminatedUnion("accepted", [
  z.object({ accepted: z.literal(true) }),
  z.object({ accepted: z.literal(false), reason: ZText.trim().min(1).max(2000) }),
]);
export const ZJcExtension = z.object({ reason: ZText.trim().min(1).max(2000) });
export const ZJcRuling = z.discriminatedUnion("confirmed", [
  z.object({ confirmed: z.literal(true) }),
  z.object({ confirmed: z.literal(false), reason: ZText.trim().min(1).max(2000), next: z.enum(JC_NEXT) }),
]);
export type TJcAcceptance = z.infer<typeof ZJcAcceptance>;
export type TJcRuling = z.infer<typeof ZJcRuling>;

interface Ctx {
  now: Date;
  settings: TMediationSettings;
  calendar: CalendarOptions;
}

export interface JcResult {
  state: JcState;
  cause: ProcedureCause;
}

/** 申请: refused when the matter is not confirmable or the 30-day window has closed. */
export function applyForConfirmation(
  o: {
    id: string;
    agreement: { id: string; status: string; effectiveAt: Date | null; statusMatter: StatusMatter };
    court: string;
    hasOpenApplication: boolean;
  } & Ctx,
): JcResult {
  const { agreement, now } = o;
  const reason = notConfirmableReason(agreement.statusMatter);
  if (reason) throw new AppError("NOT_CONFIRMABLE", reason, { statusMatter: agreement.statusMatter });
  if (agreement.status !== "effective" || !agreement.effectiveAt) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "调解协议尚未生效，不能申请司法确认",
      en: "The agreement is not in effect yet",
    });
  }
  if (o.hasOpenApplication) {
    throw new AppError("CONFLICT", { zh: "已有司法确认申请", en: "An application already exists" });
  }
  const window = statutoryClock({
    kind: MEDIATION_CLOCKS.jcApply,
    subjectId: agreement.id,
    start: agreement.effectiveAt,
    days: o.settings.jcApplyDays,
    calendar: o.calendar,
  });
  if (now >= window.dueAt) {
    throw new AppError(
      "NOT_CONFIRMABLE",
      {
        zh: `已超过调解协议生效之日起${o.settings.jcApplyDays}日的申请期限（《人民调解法》第三十三条）`,
        en: `The ${o.settings.jcApplyDays}-day window after the agreement took effect has closed`,
      },
      { dueAt: window.dueAt.toISOString() },
    );
  }
  const accept = statutoryClock({
    kind: MEDIATION_CLOCKS.jcAccept,
    subjectId: o.id,
    start: now,
    days: o.settings.jcAcceptDays,
    calendar: o.calendar,
  });
  const clockOps: ClockOp[] = [
    { op: "stop", kinds: [MEDIATION_CLOCKS.jcApply], subjectId: agreement.id },
    { op: "start", clock: accept },
  ];
  return {
    state: {
      id: o.id,
      status: "applied",
      appliedAt: now,
      acceptedAt: null,
      extended: false,
      ruleDueAt: null,
    },
    cause: {
      type: "procedure",
      events: [
        { type: "jc.applied", at: now, data: { jcId: o.id, court: o.court, acceptDueAt: accept.dueAt } },
      ],
      clockOps,
    },
  };
}

function requireStatus(jc: JcState, status: JcStatus) {
  if (jc.status !== status) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "司法确认当前状态下不能执行此操作",
      en: `The judicial confirmation is ${jc.status}`,
    });
  }
}

/** 受理 (or 不予受理 with the reason): the 15-day review clock starts on acceptance. */
export function decideAcceptance(jc: JcState, input: TJcAcceptance, o: Ctx): JcResult {
  requireStatus(jc, "applied");
  const clockOps: ClockOp[] = [{ op: "stop", kinds: [MEDIATION_CLOCKS.jcAccept], subjectId: jc.id }];
  if (!input.accepted) {
    return {
      state: { ...jc, status: "not_accepted" },
      cause: {
        type: "procedure",
        events: [{ type: "jc.not_accepted", at: o.now, data: { jcId: jc.id, reason: input.reason } }],
        clockOps,
      },
    };
  }
  const rule = statutoryClock({
    kind: MEDIATION_CLOCKS.jcRule,
    subjectId: jc.id,
    start: o.now,
    days: o.settings.jcRuleDays,
    calendar: o.calendar,
  });
  clockOps.push({ op: "start", clock: rule });
  return {
    state: { ...jc, status: "accepted", acceptedAt: o.now, ruleDueAt: rule.dueAt },
    cause: {
      type: "procedure",
      events: [{ type: "jc.accepted", at: o.now, data: { jcId: jc.id, ruleDueAt: rule.dueAt } }],
      clockOps,
    },
  };
}

/** 延长: once, by the extension days, counted (with the holiday rule) from the day of acceptance. */
export function extendRuling(jc: JcState, reason: string, o: Ctx): JcResult {
  requireStatus(jc, "accepted");
  if (jc.extended || !jc.acceptedAt) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "审查期限只能延长一次（《关于人民调解协议司法确认程序的若干规定》第六条）",
      en: "The review period can be extended only once",
    });
  }
  const days = o.settings.jcRuleDays + o.settings.jcRuleExtensionDays;
  const rule = statutoryClock({
    kind: MEDIATION_CLOCKS.jcRule,
    subjectId: jc.id,
    start: jc.acceptedAt,
    days,
    calendar: o.calendar,
  });
  return {
    state: { ...jc, extended: true, ruleDueAt: rule.dueAt },
    cause: {
      type: "procedure",
      events: [{ type: "jc.extended", at: o.now, data: { jcId: jc.id, reason, ruleDueAt: rule.dueAt } }],
      clockOps: [
        { op: "stop", kinds: [MEDIATION_CLOCKS.jcRule], subjectId: jc.id },
        { op: "start", clock: { ...rule, startedAt: o.now } },
      ],
    },
  };
}

/** 裁定: confirmed (enforceable) or not, with what the parties may do next. */
export function ruleOnConfirmation(jc: JcState, input: TJcRuling, o: Ctx): JcResult {
  requireStatus(jc, "accepted");
  const data = input.confirmed ? { jcId: jc.id } : { jcId: jc.id, reason: input.reason, next: input.next };
  return {
    state: { ...jc, status: input.confirmed ? "confirmed" : "not_confirmed" },
    cause: {
      type: "procedure",
      events: [{ type: input.confirmed ? "jc.confirmed" : "jc.not_confirmed", at: o.now, data }],
      clockOps: [{ op: "stop", kinds: [MEDIATION_CLOCKS.jcRule], subjectId: jc.id }],
    },
  };
}

/**
 * A 司法确认 clock ran out (or reached its warn point). The application window closing is the parties'
 * choice, not a failure: it is recorded, and warned at day 20 so the mediator can remind them. A court
 * deadline missed turns the case red on the center's board.
 */
export function jcClockCause(kind: string, on: "due" | "warn", subjectId: string, now: Date): ProcedureCause {
  if (kind === MEDIATION_CLOCKS.jcApply) {
    return {
      type: "procedure",
      events: [
        {
          type: on === "warn" ? "jc.apply_reminder" : "jc.apply_lapsed",
          at: now,
          data: { agreementId: subjectId },
        },
      ],
      notices: on === "warn" ? [{ topic: "jc.apply_reminder", payload: { agreementId: subjectId } }] : [],
    };
  }
  const what = kind === MEDIATION_CLOCKS.jcAccept ? "jc.accept_overdue" : "jc.rule_overdue";
  return {
    type: "procedure",
    events: [{ type: what, at: now, data: { jcId: subjectId } }],
    red: on === "due",
  };
}
