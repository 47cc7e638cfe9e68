import { z } from "zod";
import { addDuration, type CalendarOptions } from "./calendar";
import type { UnitKind } from "./categories";
import { isPositiveDuration } from "./duration";
import { AppError } from "./errors";
import { ZText } from "./schemas";
import type { ClockOp, Notice } from "./transition";
import type { CaseEvent } from "./workflow";

// 三调对接: 诉调对接 (court), 警调对接 (police), 访调对接 (petition office). A referral goes out from a
// case to one of those units, or comes in from one of them to a mediation committee, a village or the
// center. Each has its own acknowledgement clock (default 1 working day: the receiving office works
// office hours) and returns its result to the sender's timeline. 速裁快审 is a referral to the court's
// fast track whose outcome (判决/调解/撤诉) is recorded the same way.

export const DOCKINGS = [
  { code: "litigation", unitKind: "court", zh: "诉调对接", en: "Court–mediation docking" },
  { code: "police", unitKind: "police_station", zh: "警调对接", en: "Police–mediation docking" },
  { code: "petition", unitKind: "petition_office", zh: "访调对接", en: "Petition–mediation docking" },
] as const satisfies readonly { code: string; unitKind: UnitKind; zh: string; en: string }[];
export type Docking = (typeof DOCKINGS)[number]["code"];

export const REFERRAL_PURPOSES = [
  { code: "pre_litigation", zh: "诉前调解", en: "Pre-litigation mediation" },
  { code: "fast_track", zh: "速裁快审", en: "Fast-track trial" },
  { code: "mediation", zh: "委托调解", en: "Mediation" },
  { code: "handling", zh: "转交处理", en: "Hand over for handling" },
] as const;
export type ReferralPurpose = (typeof REFERRAL_PURPOSES)[number]["code"];

export const REFERRAL_OUTCOMES = [
  { code: "settled", zh: "调解成功", en: "Settled" },
  { code: "not_settled", zh: "调解不成", en: "Not settled" },
  { code: "judged", zh: "已判决/裁定", en: "Judged" },
  { code: "withdrawn", zh: "撤诉/撤回", en: "Withdrawn" },
  { code: "handled", zh: "已处理", en: "Handled" },
] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number]["code"];

export const REFERRAL_STATUSES = ["sent", "acknowledged", "declined", "returned"] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_ACK_KIND = "referral.ack";

/**
 * Which 三调对接 a referral between two kinds of unit is: the court, police or petition office is on
 * one side. Out (to them) wins over in; two ordinary units are not a 三调对接 referral (use 交办).
 */
export function dockingOf(fromKind: string | null, toKind: string): Docking {
  const to = DOCKINGS.find((d) => d.unitKind === toKind);
  if (to) return to.code;
  const from = DOCKINGS.find((d) => d.unitKind === fromKind);
  if (from) return from.code;
  throw new AppError(
    "INVALID_INPUT",
    {
      zh: "三调对接须有法庭、派出所或信访部门一方",
      en: "A 三调对接 referral needs a court, police station or petition office on one side",
    },
    { field: "toUnitId" },
  );
}

/** 速裁快审 only goes to a court. */
export function checkPurpose(purpose: ReferralPurpose, toKind: string): void {
  if (purpose === "fast_track" && toKind !== "court") {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "速裁快审只能转至法庭", en: "Fast-track trial goes to a court" },
      { field: "purpose" },
    );
  }
}

/** When the receiving side must acknowledge: `limit` counted in working days by default. */
export function referralAckDue(sentAt: Date, limit: string, cal: CalendarOptions) {
  if (!isPositiveDuration(limit)) {
    throw new AppError("INVALID_INPUT", { zh: `签收时限无效：${limit}`, en: `Invalid ack limit: ${limit}` });
  }
  return addDuration(sentAt, limit, cal);
}

export interface ReferralState {
  id: string;
  status: ReferralStatus;
  ackMissed: boolean;
  outcome: ReferralOutcome | null;
}

export type ReferralCommand =
  | {
      type: "send";
      toUnitId: string;
      docking: Docking;
      purpose: ReferralPurpose;
      reason: string;
      ackDueAt: Date;
      basis: string;
    }
  | {
      type: "receive";
      fromUnitId: string;
      docking: Docking;
      purpose: ReferralPurpose;
      externalRef: string | null;
    }
  | { type: "acknowledge"; note: string | null; targetCaseId: string | null }
  | { type: "decline"; reason: string }
  | { type: "result"; outcome: ReferralOutcome; text: string }
  | { type: "ackMissed" };

/** What one case takes (cause `procedure`): the sender's (origin) or the receiver's (target) case. */
export interface ReferralEffect {
  events: CaseEvent[];
  clockOps: ClockOp[];
  notices: Notice[];
  red: boolean;
}

export interface ReferralDecision {
  state: ReferralState;
  origin: ReferralEffect | null;
  target: ReferralEffect | null;
}

const ALLOWED: Record<ReferralCommand["type"], readonly (ReferralStatus | "new")[]> = {
  send: ["new"],
  receive: ["new"],
  acknowledge: ["sent"],
  decline: ["sent"],
  result: ["acknowledged"],
  ackMissed: ["sent"],
};

/** One referral change and what the sender's and the receiver's timelines say about it. */
export function decideReferral(
  before: ReferralState | null,
  command: ReferralCommand,
  ctx: { now: Date; id: string; fromUnitId: string | null; toUnitId: string; originCode: string | null },
): ReferralDecision {
  const from = before?.status ?? "new";
  if (!ALLOWED[command.type].includes(from)) {
    throw new AppError("INVALID_TRANSITION", {
      zh: "该转介当前状态下不能执行此操作",
      en: `Cannot ${command.type} a referral that is ${from}`,
    });
  }
  const { now, id } = ctx;
  const base: ReferralState = before ?? { id, status: "sent", ackMissed: false, outcome: null };
  const effect = (type: string, data: Record<string, unknown>, more: Partial<ReferralEffect> = {}) => ({
    events: [{ type, at: now, data: { referralId: id, ...data } }],
    clockOps: more.clockOps ?? [],
    notices: more.notices ?? [],
    red: more.red ?? false,
  });
  const stopAck: ClockOp = { op: "stop", kinds: [REFERRAL_ACK_KIND], subjectId: id };
  const toSender = (topic: string, data: Record<string, unknown>): Notice => ({
    topic,
    payload: { referralId: id, unitId: ctx.fromUnitId, code: ctx.originCode, ...data },
  });
  switch (command.type) {
    case "send":
      return {
        state: { ...base, status: "sent" },
        origin: effect(
          "referral.sent",
          {
            toUnitId: command.toUnitId,
            docking: command.docking,
            purpose: command.purpose,
            reason: command.reason,
            ackDueAt: command.ackDueAt.toISOString(),
          },
          {
            clockOps: [
              {
                op: "start",
                clock: {
                  kind: REFERRAL_ACK_KIND,
                  step: null,
                  subjectId: id,
                  startedAt: now,
                  dueAt: command.ackDueAt,
                  warnAt: null,
                  basis: command.basis,
                },
              },
            ],
            notices: [
              {
                topic: "referral.sent",
                payload: { referralId: id, unitId: command.toUnitId, code: ctx.originCode },
              },
            ],
          },
        ),
        target: null,
      };
    case "receive":
      return {
        state: { ...base, status: "acknowledged" },
        origin: null,
        target: effect("referral.received", {
          fromUnitId: command.fromUnitId,
          docking: command.docking,
          purpose: command.purpose,
          externalRef: command.externalRef,
        }),
      };
    case "acknowledge":
      return {
        state: { ...base, status: "acknowledged" },
        origin: effect(
          "referral.acknowledged",
          { note: command.note, late: base.ackMissed },
          { clockOps: [stopAck] },
        ),
        target: command.targetCaseId
          ? effect("referral.received", { fromUnitId: ctx.fromUnitId, originCode: ctx.originCode })
          : null,
      };
    case "decline":
      return {
        state: { ...base, status: "declined" },
        origin: effect(
          "referral.declined",
          { reason: command.reason },
          { clockOps: [stopAck], notices: [toSender("referral.declined", { reason: command.reason })] },
        ),
        target: null,
      };
    case "result":
      return {
        state: { ...base, status: "returned", outcome: command.outcome },
        origin: effect("referral.result_returned", { outcome: command.outcome, text: command.text }),
        target: effect(
          "referral.result_recorded",
          { outcome: command.outcome, text: command.text },
          { notices: [toSender("referral.result", { outcome: command.outcome })] },
        ),
      };
    case "ackMissed":
      return {
        state: { ...base, ackMissed: true },
        origin: effect(
          "referral.ack_missed",
          { toUnitId: ctx.toUnitId },
          {
            red: true,
            notices: [
              {
                topic: "referral.ack_missed",
                payload: { referralId: id, unitId: ctx.toUnitId, code: ctx.originCode },
              },
            ],
          },
        ),
        target: null,
      };
  }
}

const text = (max: number) => ZText.trim().min(1).max(max);
const purpose = z.enum(REFERRAL_PURPOSES.map((p) => p.code) as [ReferralPurpose, ...ReferralPurpose[]]);

export const ZReferralSend = z.object({
  toUnitId: z.uuid(),
  purpose,
  reason: text(2000),
  /** 移交: the case leaves this side (closed as 转出, not resolved); otherwise it waits for the result. */
  handOver: z.boolean().default(false),
  /** A case for the receiving side's own ladder (e.g. a village mediation committee); default by purpose. */
  register: z.boolean().optional(),
});
export type TReferralSend = z.infer<typeof ZReferralSend>;

export const ZReferralAck = z.object({ note: ZText.trim().max(1000).optional() });
export const ZReferralDecline = z.object({ reason: text(1000) });
export const ZReferralResult = z.object({
  outcome: z.enum(REFERRAL_OUTCOMES.map((o) => o.code) as [ReferralOutcome, ...ReferralOutcome[]]),
  text: text(5000),
});
export type TReferralResult = z.infer<typeof ZReferralResult>;
