import { z } from "zod";
import { SERVICE_CODES } from "./categories";
import { isPositiveDuration } from "./duration";
import { ZCaseCreate, ZPhone, ZText } from "./schemas";

// The center at work (issue 9): one-stop window, stationed units, 随叫随驻 summons, 三调对接 referrals.
export * from "./center-window";
export * from "./referrals";
export * from "./summons";

const ZLimit = ZText.refine(isPositiveDuration, "ISO-8601 duration such as PT2H or P1D");

/** The center's clocks as data (settings row `center.clocks`), editable by an administrator. */
export const ZCenterClocks = z.object({
  /** 随叫随驻: the summoned unit acknowledges within this wall-clock time. */
  summonsAck: ZLimit,
  /** 三调对接: the receiving side acknowledges a referral within this time… */
  referralAck: ZLimit,
  /** …counted in working days (official calendar with 调休) or calendar time. */
  referralCounting: z.enum(["working", "calendar"]),
});
export type TCenterClocks = z.infer<typeof ZCenterClocks>;
export const DEFAULT_CENTER_CLOCKS: TCenterClocks = {
  summonsAck: "PT2H",
  referralAck: "P1D",
  referralCounting: "working",
};

const ZRegionCode = ZText.regex(/^\d{6,15}$/);
const ZDay = z.iso.date();
const ZService = z.enum(SERVICE_CODES);

export const ZCenterQuery = z.object({ center: ZRegionCode.optional() });

export const ZTicketCreate = z.object({
  center: ZRegionCode,
  service: ZService,
  visitorName: ZText.trim().max(100).optional(),
  phone: ZPhone.optional(),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/)
    .optional(),
});
export type TTicketCreate = z.infer<typeof ZTicketCreate>;

export const ZCallNext = z.object({
  center: ZRegionCode,
  /** The window's number in the hall, as the board shows it. */
  window: z.number().int().min(1).max(99),
  /** The services this window serves; empty = any. */
  services: z.array(ZService).max(7).default([]),
});

export const ZTicketFinish = z.object({ status: z.enum(["served", "no_show"]) });

export const ZVisitorQuery = z.object({
  phone: ZPhone.optional(),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/)
    .optional(),
});

/** 全量受理: every request gets a code; one referred elsewhere or not accepted says so, with a reason. */
export const ZDisposition = z.discriminatedUnion("type", [
  z.object({ type: z.literal("accept") }),
  z.object({
    type: z.literal("refer"),
    to: ZText.trim().min(1).max(200),
    reason: ZText.trim().min(1).max(2000),
  }),
  z.object({ type: z.literal("reject"), reason: ZText.trim().min(1).max(2000) }),
]);

export const ZWindowIntake = z.object({
  center: ZRegionCode,
  ticketId: z.uuid().optional(),
  case: ZCaseCreate.omit({ channel: true, service: true, services: true, policyKey: true }),
  services: z.array(ZService).min(1).max(7),
  /** Each chosen service's short form (SERVICE_FORMS), keyed by service. */
  serviceFields: z.record(z.string(), z.unknown()).default({}),
  disposition: ZDisposition.default({ type: "accept" }),
});
export type TWindowIntake = z.infer<typeof ZWindowIntake>;

export const ZRosterQuery = z.object({ center: ZRegionCode, from: ZDay, to: ZDay });
export const ZRosterChange = z.object({
  unitId: z.uuid(),
  add: z.array(ZDay).max(400).default([]),
  remove: z.array(ZDay).max(400).default([]),
});

export const ZReferralIncoming = z.object({
  fromUnitId: z.uuid(),
  /** The receiving unit; default the registering user's own unit. */
  toUnitId: z.uuid().optional(),
  purpose: z.enum(["pre_litigation", "fast_track", "mediation", "handling"]),
  /** The sender's own number (法院案号, 警情编号 …). */
  externalRef: ZText.trim().max(100).optional(),
  case: ZCaseCreate.omit({ channel: true }),
});
export type TReferralIncoming = z.infer<typeof ZReferralIncoming>;
