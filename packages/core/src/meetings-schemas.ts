import { z } from "zod";
import { ZText } from "./schemas";

// Request and response shapes of /api/v1/meetings, shared by the server (validation, OpenAPI) and
// the console (forms, inferred types). Enum values are spelled out here rather than imported from
// meetings.ts so the module graph stays one-way (meetings.ts re-exports this file).

const text = (max: number) => ZText.trim().min(1).max(max);
const ZRegionCode = ZText.regex(/^\d{6,15}$/);
const instant = z.iso.datetime({ offset: true });
const day = z.iso.date();
const KINDS = ["consultation", "liaison", "decision", "court_joint"] as const;
const STATES = ["planned", "held", "closed", "cancelled"] as const;
const ATTEND = ["present", "absent", "excused"] as const;

/** An invitee: a unit, a staff user, or a person from outside (a judge, a lawyer, a party's relative). */
export const ZInvitee = z
  .object({
    unitId: z.uuid().optional(),
    userId: z.uuid().optional(),
    name: text(100).optional(),
    org: text(100).optional(),
  })
  .refine((i) => [i.unitId, i.userId, i.name].filter((x) => x !== undefined).length === 1, {
    message: "one of unitId, userId or name",
  });
export type TInvitee = z.infer<typeof ZInvitee>;

export const ZMeetingCreate = z.object({
  kind: z.enum(KINDS),
  title: text(200),
  /** Where the meeting is held for; default the convener's own region. */
  regionCode: ZRegionCode.optional(),
  startsAt: instant,
  place: text(200),
  caseIds: z.array(z.uuid()).min(1).max(100),
  invitees: z.array(ZInvitee).max(100).default([]),
});
export type TMeetingCreate = z.infer<typeof ZMeetingCreate>;

export const ZMeetingInvite = z.object({ invitees: z.array(ZInvitee).min(1).max(100) });

export const ZDecisionInput = z
  .object({
    text: text(2000),
    ownerUnitId: z.uuid().optional(),
    ownerUserId: z.uuid().optional(),
    caseIds: z.array(z.uuid()).max(100).optional(),
    dueDate: day.optional(),
    workingDays: z.number().int().min(1).max(60).optional(),
  })
  .refine((d) => (d.ownerUnitId === undefined) !== (d.ownerUserId === undefined), {
    message: "one owner: ownerUnitId or ownerUserId",
  })
  .refine((d) => d.dueDate === undefined || d.workingDays === undefined, {
    message: "dueDate or workingDays, not both",
  });
export type TDecisionInput = z.infer<typeof ZDecisionInput>;

export const ZMeetingHold = z.object({
  /** When it sat; default now. */
  heldAt: instant.optional(),
  minutes: text(20000),
  attendance: z.array(z.object({ inviteeId: z.uuid(), attendance: z.enum(ATTEND) })).max(100),
  decisions: z.array(ZDecisionInput).max(50).default([]),
  /** 拍板 only: one outcome per agenda case, taken as the case's step-4 outcome. */
  outcomes: z
    .array(
      z.object({
        caseId: z.uuid(),
        type: z.enum(["resolve", "refer", "escalate"]),
        text: text(2000),
        to: text(200).optional(),
      }),
    )
    .max(100)
    .default([]),
});
export type TMeetingHold = z.infer<typeof ZMeetingHold>;

export const ZDecisionSettle = z.object({ status: z.enum(["done", "dropped"]), result: text(2000) });
export const ZMeetingCancel = z.object({ reason: text(2000) });

export const ZMeetingListQuery = z.object({
  region: ZRegionCode.optional(),
  state: z.enum(STATES).optional(),
  kind: z.enum(KINDS).optional(),
  from: day.optional(),
  to: day.optional(),
  caseId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TMeetingListQuery = z.infer<typeof ZMeetingListQuery>;

export const ZMeetingSettings = z.object({
  decisionWorkingDays: z.number().int().min(1).max(60),
  reminderWorkingDays: z.number().int().min(0).max(10),
  maxAgenda: z.number().int().min(1).max(100),
});

// Responses: plain types only (instants as ISO strings), see responses.ts.
export const ZMeetingDecisionView = z.object({
  id: z.string(),
  seq: z.number(),
  text: z.string(),
  ownerUnitId: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string(),
  caseIds: z.array(z.string()),
  dueAt: z.string(),
  warnAt: z.string().nullable(),
  basis: z.string(),
  status: z.enum(["open", "done", "dropped"]),
  overdue: z.boolean(),
  result: z.string().nullable(),
  settledAt: z.string().nullable(),
  /** The 交办 task this decision became, once the tasks module takes it over; null until then. */
  taskId: z.string().nullable(),
});

export const ZMeetingSummary = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  title: z.string(),
  state: z.enum(STATES),
  regionCode: z.string(),
  regionName: z.string(),
  startsAt: z.string(),
  place: z.string(),
  cases: z.array(z.object({ id: z.string(), code: z.string(), title: z.string() })),
  openDecisions: z.number(),
  overdueDecisions: z.number(),
  nextDueAt: z.string().nullable(),
});
export type TMeetingSummary = z.infer<typeof ZMeetingSummary>;

export const ZMeetingView = ZMeetingSummary.extend({
  convenedBy: z.string(),
  heldAt: z.string().nullable(),
  minutes: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  invitees: z.array(
    z.object({
      id: z.string(),
      unitId: z.string().nullable(),
      userId: z.string().nullable(),
      name: z.string(),
      org: z.string().nullable(),
      attendance: z.enum(ATTEND).nullable(),
    }),
  ),
  decisions: z.array(ZMeetingDecisionView),
  outcomes: z.array(
    z.object({ caseId: z.string(), type: z.string(), text: z.string(), to: z.string().nullable() }),
  ),
  /** What this user may do now: invite, hold, cancel, settle. */
  allowed: z.array(z.string()),
});
export type TMeetingView = z.infer<typeof ZMeetingView>;

export const ZMeetingList = z.object({ items: z.array(ZMeetingSummary) });
