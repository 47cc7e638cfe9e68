import { z } from "zod";
import { CATEGORY_CODES, CHANNEL_CODES, SERVICE_CODES } from "./categories";
import { ROLES } from "./roles";
import { WARNINGS } from "./warnings";
import { CASE_STATUSES, OUTCOMES } from "./workflow";

// Request schemas shared by the server (validation, OpenAPI) and the web (form validation).

// Control characters other than tab, newline and carriage return, lone UTF-16 surrogates and the
// non-characters U+FFFE/U+FFFF. PostgreSQL refuses NUL and invalid UTF-8 (a 500 before this rule)
// and XML 1.0 cannot carry any of them, so one such row would break a whole Open311 feed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|\p{Cs}/u;

/** True when a string can be stored and sent as XML: see UNSAFE_TEXT. */
export const isSafeText = (s: string): boolean => !UNSAFE_TEXT.test(s);

/**
 * The one string type for text a client sends (bodies, query strings, path parameters): every
 * free-text field builds on it, so a NUL is a 400 INVALID_INPUT at the schema, never a 500.
 */
export const ZText = z.string().refine(isSafeText, "control characters are not allowed");

const text = (max: number) => ZText.trim().min(1).max(max);
const reason = text(2000);

export const ZPhone = z
  .string()
  .trim()
  .regex(/^(\+?86)?[\d -]{5,20}$/, "phone number");

export const ZParty = z.object({
  role: z.enum(["applicant", "respondent", "other"]),
  name: text(100),
  phone: ZPhone.optional(),
  idNumber: z
    .string()
    .trim()
    .regex(/^\d{17}[\dXx]$/)
    .optional(),
  note: ZText.trim().max(500).optional(),
});
export type TParty = z.infer<typeof ZParty>;

export const ZCaseCreate = z.object({
  channel: z.enum(CHANNEL_CODES),
  category: z.enum(CATEGORY_CODES),
  /** 七项服务 the request asks for; a case may carry several. */
  services: z.array(z.enum(SERVICE_CODES)).max(7).optional(),
  /** One service, as clients before `services` sent it; merged into `services`. */
  service: z.enum(SERVICE_CODES).optional(),
  title: text(200),
  description: text(10_000),
  regionCode: ZText.regex(/^\d{6,15}$/),
  policyKey: ZText.min(1).optional(),
  parties: z.array(ZParty).max(50).default([]),
  reporter: z.object({ name: text(100).optional(), phone: ZPhone.optional() }).optional(),
  highRisk: z.boolean().default(false),
});
export type TCaseCreate = z.infer<typeof ZCaseCreate>;

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item)).optional();

export const ZCaseListQuery = z.object({
  status: csv(z.enum(CASE_STATUSES)),
  step: csv(z.coerce.number().int().min(1).max(11)),
  warning: csv(z.enum(WARNINGS)),
  category: csv(z.enum(CATEGORY_CODES)),
  channel: csv(z.enum(CHANNEL_CODES)),
  region: z
    .string()
    .regex(/^\d{6,15}$/)
    .optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: ZText.trim().max(100).optional(),
  sort: z.enum(["created", "due"]).default("created"),
  // Workbench figures as list filters, so each counter links to exactly what it counts.
  queue: z.enum(["mine"]).optional(),
  overdue: z.literal("1").optional(),
  escalated: z.literal("1").optional(),
  callback: z.enum(["due", "missed"]).optional(),
  cursor: ZText.max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // Dashboard figures as list filters (issue 11): outcome ("none" = no outcome yet), settled step,
  // service, and the KPI flags (beyond the township, reopened, a deadline missed, awaiting acceptance).
  outcome: csv(z.enum([...OUTCOMES, "none"])),
  settled: csv(z.coerce.number().int().min(1).max(11)),
  service: csv(z.enum([...SERVICE_CODES, "none"])),
  kpi: z.enum(["beyond", "reopened", "missed", "pending", "accepted", "resolved7"]).optional(),
});
export type TCaseListQuery = z.infer<typeof ZCaseListQuery>;

const ZVersioned = z.object({ version: z.number().int().min(1) });

export const ZCaseCommandBody = z.discriminatedUnion("type", [
  ZVersioned.extend({ type: z.literal("accept") }),
  ZVersioned.extend({ type: z.literal("note"), text: text(5000) }),
  ZVersioned.extend({ type: z.literal("startMediation") }),
  ZVersioned.extend({ type: z.literal("recordMediation"), success: z.boolean(), summary: text(5000) }),
  ZVersioned.extend({ type: z.literal("pause"), reason }),
  ZVersioned.extend({ type: z.literal("resume") }),
  // toStep: 接手 (take over at my level) or 上报至上级; absent = the next step.
  ZVersioned.extend({
    type: z.literal("escalate"),
    reason,
    toStep: z.number().int().min(2).max(11).optional(),
  }),
  // override: the center resolves although a lead unit's 交办 task is still open (tasks.ts), with why.
  ZVersioned.extend({
    type: z.literal("resolve"),
    summary: text(5000),
    override: z.object({ reason }).optional(),
  }),
  ZVersioned.extend({ type: z.literal("close") }),
  ZVersioned.extend({ type: z.literal("reject"), reason }),
  ZVersioned.extend({ type: z.literal("merge"), intoCode: text(40) }),
  ZVersioned.extend({ type: z.literal("refer"), reason, to: text(200) }),
  ZVersioned.extend({ type: z.literal("reopen"), reason }),
  ZVersioned.extend({
    type: z.literal("assign"),
    unitId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
  }),
]);
export type TCaseCommandBody = z.infer<typeof ZCaseCommandBody>;

export const ZLogin = z.object({
  username: text(100),
  password: ZText.min(1).max(200),
  /** The field app logs in as a device: a long-lived session, listed and revocable (GET /auth/devices). */
  device: z.object({ name: text(60) }).optional(),
});

export const ZUserCreate = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[a-zA-Z0-9_.-]{3,50}$/),
  displayName: text(100),
  password: ZText.min(8).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  regionCode: ZText.regex(/^\d{6,15}$/),
  unitId: z.uuid().nullable().default(null),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

/** The services a new case carries: `services`, plus the older single `service`, each once, in order. */
export function caseServices(input: Pick<TCaseCreate, "services" | "service">): string[] {
  return [...new Set([...(input.services ?? []), ...(input.service ? [input.service] : [])])];
}
