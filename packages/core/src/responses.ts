import { z } from "zod";
import { ZPolicy } from "./policy";
import { ROLES } from "./roles";
import { WARNINGS } from "./warnings";
import { CASE_STATUSES, type CaseCommandType, COMMAND_EVENTS, OUTCOMES } from "./workflow";

// Response shapes of the staff console's endpoints: the server puts them on its routes (they
// serialize every answer and show in /api/docs) and the console infers its types from them, so the
// two cannot drift apart. Exact on purpose: a field a presenter adds but a schema lacks is dropped
// on the way out, and a field of the wrong type is a 500 in the tests, not a surprise in the browser.
// No refinements or transforms here: answers are encoded, and only plain types encode both ways.

/** An ISO-8601 instant as the presenters write it (toISOString). */
const ZInstant = z.string();
const ZWhen = ZInstant.nullable();
const ZName = z.object({ zh: z.string(), en: z.string() });
const COMMAND_TYPES = Object.keys(COMMAND_EVENTS) as [CaseCommandType, ...CaseCommandType[]];

/** The signed-in user (GET /auth/me, POST /auth/login). */
export const ZMe = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  regionCode: z.string(),
  regionPath: z.string(),
  unitId: z.string().nullable(),
  csrfToken: z.string(),
  /** A one-time initial or reset password: everything but the password change answers 403 until it is changed. */
  mustChangePassword: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

/** A case in lists: personal data masked, always. */
export const ZCaseSummary = z.object({
  id: z.string(),
  code: z.string(),
  channel: z.string(),
  category: z.string(),
  services: z.array(z.string()),
  title: z.string(),
  regionCode: z.string(),
  /** 镇 › 村 › 网格, named by the server (the code stays the key); null when not read with the list. */
  regionName: z.string().nullable(),
  policyKey: z.string(),
  status: z.enum(CASE_STATUSES),
  step: z.number().int(),
  stepCount: z.number().int(),
  outcome: z.enum(OUTCOMES).nullable(),
  settledStep: z.number().int().nullable(),
  warning: z.enum(WARNINGS),
  failedMediation: z.boolean(),
  /** A ladder or callback deadline was missed: red until settled. */
  missedDeadline: z.boolean(),
  highRisk: z.boolean(),
  stepDueAt: ZWhen,
  stepWarnAt: ZWhen,
  overallDueAt: ZWhen,
  /** Since when a paused case's clocks stand still (null unless paused). */
  pausedAt: ZWhen,
  calendarUnknownYears: z.array(z.number().int()),
  assignedUnitId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  createdAt: ZInstant,
  updatedAt: ZInstant,
  version: z.number().int(),
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;

/** A party as lists and details show it (masked); revealed contacts use the same shape. */
export const ZPartyView = z.object({
  role: z.string(),
  name: z.string(),
  note: z.string().nullable().optional(),
  phone: z.string().nullable(),
  idNumber: z.string().nullable(),
});
export type TPartyView = z.infer<typeof ZPartyView>;

/** The case itself (POST /cases, POST /cases/:ref/commands): the summary, description and parties. */
export const ZCaseView = ZCaseSummary.extend({
  description: z.string(),
  parties: z.array(ZPartyView),
  mediationAttempts: z.number().int(),
  reopenCount: z.number().int(),
  pausedFrom: z.string().nullable(),
  mergedInto: z.string().nullable(),
  resolvedAt: ZWhen,
  closedAt: ZWhen,
});
export type TCaseView = z.infer<typeof ZCaseView>;

export const ZTimelineEvent = z.object({
  seq: z.number().int(),
  type: z.string(),
  at: ZInstant,
  actor: z.string().nullable(),
  /** Each event type carries its own facts (reason, toStep, summary …). */
  data: z.record(z.string(), z.unknown()),
});
export type TTimelineEvent = z.infer<typeof ZTimelineEvent>;

export const ZClockView = z.object({
  kind: z.string(),
  step: z.number().int().nullable(),
  startedAt: ZWhen,
  dueAt: ZWhen,
  warnAt: ZWhen,
  pausedAt: ZWhen,
  stoppedAt: ZWhen,
  firedAt: ZWhen,
  /** How the due time was counted (calendar or working days). */
  basis: z.string(),
});
export type TClockView = z.infer<typeof ZClockView>;

/** GET /cases/:ref: the case with its ladder, timeline, clocks and what the reader may do. */
export const ZCaseDetail = ZCaseView.extend({
  policy: ZPolicy.nullable(),
  timeline: z.array(ZTimelineEvent),
  clocks: z.array(ZClockView),
  allowedActions: z.array(z.enum(COMMAND_TYPES)),
  canRevealContacts: z.boolean(),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

/** GET /cases: one page; nextCursor is null on the last one. */
export const ZCasePage = z.object({ items: z.array(ZCaseSummary), nextCursor: z.string().nullable() });
export type TCasePage = z.infer<typeof ZCasePage>;

/** POST /cases/:ref/contacts: full contacts (the reveal is logged). */
export const ZContacts = z.object({
  reporter: z.object({ name: z.string().nullable(), phone: z.string().nullable() }),
  parties: z.array(ZPartyView.omit({ note: true })),
});
export type TContacts = z.infer<typeof ZContacts>;

export const ZWorkbenchItem = ZCaseSummary.extend({
  /** 码上反映: the running callback clock's due time; null when none runs. */
  callbackDueAt: ZWhen,
  callbackMissed: z.boolean(),
});
export type TWorkbenchItem = z.infer<typeof ZWorkbenchItem>;

export const ZWorkbench = z.object({
  counts: z.object({
    new: z.number().int(),
    dueSoon: z.number().int(),
    overdue: z.number().int(),
    escalatedToMe: z.number().int(),
    red: z.number().int(),
    callbackDue: z.number().int(),
    callbackMissed: z.number().int(),
  }),
  queue: z.array(ZWorkbenchItem),
  redCount: z.number().int(),
});
export type TWorkbench = z.infer<typeof ZWorkbench>;

/** GET /cases-lookup: earlier cases of one reporter. */
export const ZCaseSummaries = z.object({ items: z.array(ZCaseSummary) });

/** GET /cases-similar: a possible duplicate and why it matched. */
export const ZSimilarCase = ZCaseSummary.extend({
  score: z.number(),
  reasons: z.object({
    sameGrid: z.boolean(),
    sameVillage: z.boolean(),
    sameCategory: z.boolean(),
    sharedWords: z.array(z.string()),
  }),
});
export type TSimilarCase = z.infer<typeof ZSimilarCase>;
export const ZSimilarCases = z.object({ items: z.array(ZSimilarCase) });

/** GET /cases/:ref/escalation: where the escalate dialog can send the case. */
export const ZEscalationChoice = z.object({
  kind: z.enum(["next", "takeOver", "above"]),
  toStep: z.number().int(),
  /** The step's name, or null beyond the ladder (上交). */
  stepName: ZName.nullable(),
  level: z.string(),
  /** The region whose people hold that step (their village, their township …). */
  regionName: z.string().nullable(),
});
export type TEscalationChoice = z.infer<typeof ZEscalationChoice>;
export const ZEscalationChoices = z.object({ choices: z.array(ZEscalationChoice) });

export const ZRegionView = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.string(),
  name: z.string(),
  path: z.string(),
  /** Search results only: names below the user's own region down to this one (镇 › 村 › 网格). */
  pathNames: z.array(z.string()).optional(),
});
export type TRegionView = z.infer<typeof ZRegionView>;
export const ZRegionList = z.object({ items: z.array(ZRegionView) });

export const ZUnitView = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  regionCode: z.string(),
  stationing: z.enum(["resident", "rotating", "on_call"]).nullable(),
});
export type TUnitView = z.infer<typeof ZUnitView>;
export const ZUnitList = z.object({ items: z.array(ZUnitView) });

export const ZUserRow = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  regionCode: z.string(),
  unitId: z.string().nullable(),
  disabled: z.boolean(),
  /** Set while a login lock-out (too many wrong passwords) runs. */
  lockedUntil: ZWhen.optional(),
});
export type TUserRow = z.infer<typeof ZUserRow>;
export const ZUserList = z.object({ items: z.array(ZUserRow) });

/** 码上反映 QR points: where a poster hangs. */
export const PLACE_KINDS = ["building", "village_group", "scenic_spot", "window"] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** A QR point (GET /places, POST /places, POST /places/:id/token). */
export const ZPlace = z.object({
  id: z.string(),
  kind: z.enum(PLACE_KINDS),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  villageCode: z.string().nullable(),
  households: z.number().int().nullable(),
  token: z.string(),
  url: z.string(),
  createdAt: ZInstant,
  tokenRotatedAt: ZWhen,
});
export type TPlace = z.infer<typeof ZPlace>;
export const ZPlaceList = z.object({ items: z.array(ZPlace) });

/** A file of a case: a citizen's photo (no name) or a staff upload (image or PDF). */
export const ZAttachment = z.object({
  id: z.string(),
  mime: z.string(),
  bytes: z.number().int(),
  name: z.string().nullable(),
  createdAt: ZInstant,
});
export type TAttachment = z.infer<typeof ZAttachment>;
export const ZAttachmentList = z.object({ items: z.array(ZAttachment) });

export const ZCalendarDayView = z.object({
  date: z.string(),
  kind: z.enum(["holiday", "workday"]),
  name: z.string(),
});
export type TCalendarDayView = z.infer<typeof ZCalendarDayView>;
/** GET /calendar: the official days of a year next to the county's own. */
export const ZCalendarYear = z.object({
  year: z.number().int(),
  known: z.boolean(),
  official: z.array(ZCalendarDayView),
  local: z.array(ZCalendarDayView),
});
export type TCalendarYear = z.infer<typeof ZCalendarYear>;

/** GET /admin/clock: the server's now (a test clock in tests and demos). */
export const ZClockInfo = z.object({ now: ZInstant, testClock: z.boolean() });
export type TClockInfo = z.infer<typeof ZClockInfo>;

/** GET /contact-cards/coverage: villages with the households their cards cover. */
export const ZCardCoverage = z.object({
  /** contacts: people the village's card names; 0 prints a blank "联系人待补充" card. */
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      households: z.number().int().nullable(),
      contacts: z.number().int(),
    }),
  ),
  totalHouseholds: z.number().int(),
});
export type TCardCoverage = z.infer<typeof ZCardCoverage>;
