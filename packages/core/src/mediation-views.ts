import { z } from "zod";
import { STATUS_MATTERS } from "./agreements";
import { JC_NEXT, JC_STATUSES } from "./judicial-confirmation";
import { MEDIATION_ORG_KIND_CODES, SESSION_OUTCOMES } from "./mediation";

// What the mediation, agreement and 司法确认 routes answer: one schema each, serialised by the server
// and inferred by the console. Personal identifiers are always masked here.

const instant = z.string();
const nullableInstant = z.string().nullable();

export const ZRoomView = z.object({
  id: z.string(),
  kind: z.enum(MEDIATION_ORG_KIND_CODES),
  name: z.string(),
  partners: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  address: z.string().nullable(),
  active: z.boolean(),
  mediators: z.array(z.object({ id: z.string(), name: z.string() })),
  openCases: z.number(),
});
export type TRoomView = z.infer<typeof ZRoomView>;

export const ZClockBrief = z.object({
  kind: z.string(),
  subjectId: z.string().nullable(),
  startedAt: instant,
  dueAt: instant,
  warnAt: nullableInstant,
  stoppedAt: nullableInstant,
  firedAt: nullableInstant,
  basis: z.string(),
});
export type TClockBrief = z.infer<typeof ZClockBrief>;

export const ZSessionView = z.object({
  id: z.string(),
  heldAt: instant,
  place: z.string(),
  mediators: z.array(z.string()),
  partiesPresent: z.array(z.string()),
  minutes: z.string(),
  outcome: z.enum(SESSION_OUTCOMES),
});

export const ZAgreementView = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(["draft", "effective", "refused"]),
  parties: z.array(
    z.object({
      role: z.enum(["applicant", "respondent", "other"]),
      name: z.string(),
      idNumber: z.string().nullable(),
      phone: z.string().nullable(),
      address: z.string().nullable(),
      signature: z.object({ signed: z.boolean(), on: z.string() }).nullable(),
    }),
  ),
  facts: z.string(),
  dispute: z.string(),
  responsibilities: z.string(),
  terms: z.array(z.object({ what: z.string(), how: z.string(), where: z.string(), by: z.string() })),
  statusMatter: z.enum(STATUS_MATTERS),
  confirmable: z.boolean(),
  mediatorNames: z.array(z.string()),
  organisation: z.string(),
  effectiveAt: nullableInstant,
  performance: z.enum(["pending", "due", "honoured", "breached"]).nullable(),
  lastPerformanceDate: z.string(),
  version: z.number(),
});
export type TAgreementView = z.infer<typeof ZAgreementView>;

export const ZJcView = z.object({
  id: z.string(),
  agreementId: z.string(),
  court: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(JC_STATUSES),
  appliedAt: instant,
  acceptDueAt: instant,
  acceptedAt: nullableInstant,
  ruleDueAt: nullableInstant,
  extended: z.boolean(),
  decidedAt: nullableInstant,
  reason: z.string().nullable(),
  next: z.enum(JC_NEXT).nullable(),
  overdue: z.boolean(),
});
export type TJcView = z.infer<typeof ZJcView>;

/** A case's mediation as one answer: its room, sessions, agreements, 司法确认 and their clocks. */
export const ZCaseMediation = z.object({
  caseId: z.string(),
  code: z.string(),
  category: z.string(),
  room: z.object({ id: z.string(), name: z.string(), handingId: z.string(), since: instant }).nullable(),
  sessions: z.array(ZSessionView),
  agreements: z.array(ZAgreementView),
  confirmations: z.array(ZJcView),
  clocks: z.array(ZClockBrief),
  can: z.object({ handle: z.boolean(), decide: z.boolean() }),
});
export type TCaseMediation = z.infer<typeof ZCaseMediation>;

export const ZRoomBoard = z.object({
  room: ZRoomView,
  cases: z.array(
    z.object({
      caseId: z.string(),
      code: z.string(),
      title: z.string(),
      status: z.string(),
      warning: z.string(),
      since: instant,
      termDueAt: instant,
      termOverdue: z.boolean(),
      sessions: z.number(),
      lastOutcome: z.enum(SESSION_OUTCOMES).nullable(),
      agreementStatus: z.string().nullable(),
      clocks: z.array(ZClockBrief),
    }),
  ),
});
export type TRoomBoard = z.infer<typeof ZRoomBoard>;

export const ZCourtView = z.object({ id: z.string(), name: z.string(), regionCode: z.string() });

/** A court's (or the center's) list of 司法确认 applications, with their running clocks. */
export const ZJcListItem = ZJcView.extend({
  caseCode: z.string(),
  agreementNumber: z.string(),
  parties: z.array(z.string()),
  clocks: z.array(ZClockBrief),
});
export type TJcListItem = z.infer<typeof ZJcListItem>;
