import { z } from "zod";
import { CATEGORY_CODES } from "./categories";
import { PETITION_CHANNELS, PETITION_KINDS, PETITION_STAGES } from "./petition-terms";
import { ZPhone, ZText } from "./schemas";

// Requests and answers of /api/v1/petitions, shared by the server (validation, OpenAPI) and the console.
// Instants leave the server as ISO strings, as in responses.ts.
const ZInstant = z.string();

const text = (max: number) => ZText.trim().min(1).max(max);
const ZVersion = z.number().int().min(1);
const ZResult = z.enum(["support", "explain", "reject"]);

/** 来信来访登记 at the window. */
export const ZPetitionRegister = z.object({
  kind: z.enum(PETITION_KINDS),
  channel: z.enum(PETITION_CHANNELS),
  category: z.enum(CATEGORY_CODES),
  title: text(200),
  description: text(10_000),
  /** The matter in a few words (信访事项): the key repeats and concluded matters are recognised by. */
  matter: text(100),
  regionCode: ZText.regex(/^\d{6,15}$/),
  petitioner: z.object({
    name: text(100),
    phone: ZPhone.optional(),
    idNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/)
      .optional(),
  }),
  /** How many people bring it (集体访 from the policy's groupThreshold, default 5). */
  petitioners: z.number().int().min(1).max(100_000).default(1),
});
export type TPetitionRegister = z.infer<typeof ZPetitionRegister>;

export const ZPetitionCommandBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("accept"), version: ZVersion }),
  z.object({ type: z.literal("notAccept"), version: ZVersion, reason: text(1000), channel: text(500) }),
  z.object({ type: z.literal("route"), version: ZVersion, unitId: z.uuid(), note: text(1000) }),
  z.object({
    type: z.literal("extend"),
    version: ZVersion,
    days: z.number().int().min(1).max(365),
    reason: text(1000),
    approvedBy: text(100),
  }),
  z.object({ type: z.literal("reply"), version: ZVersion, result: ZResult, opinion: text(10_000) }),
  z.object({ type: z.literal("requestReview"), version: ZVersion, note: ZText.trim().max(1000).default("") }),
  z.object({ type: z.literal("decideReview"), version: ZVersion, result: ZResult, opinion: text(10_000) }),
  z.object({
    type: z.literal("requestRecheck"),
    version: ZVersion,
    note: ZText.trim().max(1000).default(""),
  }),
  z.object({ type: z.literal("decideRecheck"), version: ZVersion, result: ZResult, opinion: text(10_000) }),
]);
export type TPetitionCommandBody = z.infer<typeof ZPetitionCommandBody>;

export const ZPetitionListQuery = z.object({
  stage: z
    .preprocess(
      (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
      z.array(z.enum(PETITION_STAGES)),
    )
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const ZPetitionLetter = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  sentAt: ZInstant,
});

export const ZPetitionView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseCode: z.string(),
  caseTitle: z.string(),
  caseVersion: z.number(),
  warning: z.string(),
  kind: z.enum(PETITION_KINDS),
  channel: z.enum(PETITION_CHANNELS),
  petitioners: z.number(),
  group: z.boolean(),
  matter: z.string(),
  /** Masked: 张* · 138****1234. */
  petitionerName: z.string().nullable(),
  petitionerPhone: z.string().nullable(),
  stage: z.enum(PETITION_STAGES),
  stageStartedAt: ZInstant,
  dueAt: ZInstant.nullable(),
  basis: z.string().nullable(),
  extended: z.array(z.string()),
  overdue: z.boolean(),
  repeatOfCode: z.string().nullable(),
  handlingUnitName: z.string().nullable(),
  createdAt: ZInstant,
  /** The steps this user may take now. */
  allowedActions: z.array(z.string()),
  letters: z.array(ZPetitionLetter),
});
export type TPetitionView = z.infer<typeof ZPetitionView>;

export type TPetitionSummary = Omit<TPetitionView, "letters" | "allowedActions">;
export const ZPetitionPage = z.object({
  items: z.array(ZPetitionView.omit({ letters: true, allowedActions: true })),
});
