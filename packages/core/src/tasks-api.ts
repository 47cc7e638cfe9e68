import { z } from "zod";
import { isPositiveDuration } from "./duration";
import { ZText } from "./schemas";

// 交办督办 over HTTP: request bodies and answers, shared by the server (validation, OpenAPI) and the
// console (forms, inferred types). The rules are in tasks.ts.

const TASK_ROLE = z.enum(["lead", "co"]);
const instructions = ZText.trim().min(1).max(5000);
const days = z.number().int().min(1).max(365);

/** The county's 交办督办 rules as data (settings row `tasks`, editable by an administrator). */
export const ZTaskSettings = z.object({
  /** 签收 within this, counted in working days (default one working day). */
  signLimit: z.string().refine(isPositiveDuration, "ISO-8601 duration").default("P1D"),
  /** Reply deadline when the dispatcher gives none. */
  replyDays: z.number().int().min(1).max(365).default(5),
  replyCounting: z.enum(["working", "calendar"]).default("working"),
  /** 催办 at this share of the time to each deadline (0.75: a quarter of the time left). */
  remindAt: z.number().gt(0).lt(1).default(0.75),
  /** The red 督办单 follows the yellow one after this many working days without the overdue act. */
  redAfterDays: z.number().int().min(1).max(60).default(2),
  /** The basis printed on every 督办单 and shown beside the task's deadlines. */
  basis: z.object({ zh: ZText.min(1).max(500), en: ZText.min(1).max(500) }).default({
    zh: "本县交办督办工作办法（管理员可改为本地依据）",
    en: "County rules on assignment and supervision (an administrator sets the local basis)",
  }),
});
export type TTaskSettings = z.infer<typeof ZTaskSettings>;
export const DEFAULT_TASK_SETTINGS: TTaskSettings = ZTaskSettings.parse({});

/** Request bodies shared by the server and the console. */
export const ZTaskDispatch = z.object({
  unitId: z.uuid(),
  role: TASK_ROLE,
  instructions,
  days: days.optional(),
  counting: z.enum(["working", "calendar"]).optional(),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
});
export type TTaskDispatch = z.infer<typeof ZTaskDispatch>;
export const ZTaskAnswer = z.object({
  result: ZText.trim().min(1).max(5000),
  evidenceIds: z.array(z.uuid()).max(20).default([]),
});
export const ZTaskReason = z.object({ reason: ZText.trim().min(1).max(2000) });
export const ZTaskRedispatch = z.object({
  unitId: z.uuid(),
  instructions: instructions.optional(),
  days: days.optional(),
});

export const ZTaskView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseCode: z.string(),
  caseTitle: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  role: TASK_ROLE,
  instructions: z.string(),
  counting: z.enum(["working", "calendar"]),
  days: z.number(),
  attachmentIds: z.array(z.string()),
  status: z.enum(["dispatched", "signed", "answered", "returned", "cancelled"]),
  supervision: z.enum(["none", "yellow", "red"]),
  overdueStage: z.enum(["sign", "reply"]).nullable(),
  dispatchedAt: z.string(),
  signDueAt: z.string(),
  dueAt: z.string(),
  signedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
  result: z.string().nullable(),
  evidenceIds: z.array(z.string()),
  returnedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  yellowAt: z.string().nullable(),
  redAt: z.string().nullable(),
  previousTaskId: z.string().nullable(),
  redispatched: z.boolean(),
  /** Where the deadlines come from, shown beside them (settings `tasks`.basis). */
  basis: z.string(),
  /** What this user may do with the task now. */
  allowed: z.array(z.enum(["sign", "answer", "return", "cancel", "redispatch"])),
});
export type TTaskView = z.infer<typeof ZTaskView>;
export const ZTaskList = z.object({ items: z.array(ZTaskView) });

export const ZSupervisionQuery = z.object({
  view: z.enum(["unsigned", "unanswered", "returned", "overdue"]).default("overdue"),
  unitId: z.uuid().optional(),
  region: ZText.regex(/^\d{6,15}$/).optional(),
  /** Only tasks overdue at least this many days. */
  minDays: z.coerce.number().int().min(0).max(3650).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TSupervisionQuery = z.infer<typeof ZSupervisionQuery>;
export const ZSupervision = z.object({
  items: z.array(ZTaskView.extend({ overdueHours: z.number() })),
  byUnit: z.array(z.object({ unitId: z.string(), unitName: z.string(), count: z.number() })),
  byAge: z.array(z.object({ bucket: z.enum(["lt1d", "d1to3", "gt3d"]), count: z.number() })),
});

const isoDay = ZText.regex(/^\d{4}-\d{2}-\d{2}$/);
/** Without `from`/`to`: the month so far, in Beijing days by the server's clock (monthToDate). */
export const ZScorecardQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  region: ZText.regex(/^\d{6,15}$/).optional(),
});
export type TScorecardQuery = z.infer<typeof ZScorecardQuery>;
export const ZScorecardRow = z.object({
  unitId: z.string(),
  unitName: z.string(),
  tasks: z.number(),
  signedOnTime: z.number(),
  answeredOnTime: z.number(),
  returned: z.number(),
  /** Tasks that broke a deadline: signed or answered late, or open past the sign-for or reply deadline. */
  overdue: z.number(),
  yellowNotices: z.number(),
  redNotices: z.number(),
  casesResolved: z.number(),
  ratings: z.number(),
  satisfied: z.number(),
  /** satisfied + basically satisfied ÷ ratings; null without ratings. */
  satisfaction: z.number().nullable(),
  reopened: z.number(),
  /** 教学练战 in the period and its person-hours (hours × attendees): shown beside, not scored. */
  trainingSessions: z.number(),
  trainingPersonHours: z.number(),
  /** 述学述评述督: the unit's report for the period's last year, if recorded. */
  lawReport: z.object({ year: z.number(), title: z.string() }).nullable(),
});
export type TScorecardRow = z.infer<typeof ZScorecardRow>;
export const ZScorecards = z.object({ from: z.string(), to: z.string(), units: z.array(ZScorecardRow) });
