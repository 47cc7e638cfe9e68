import { z } from "zod";
import { addDuration, type CalendarOptions } from "./calendar";
import { isPositiveDuration, isValidDuration } from "./duration";
import { AppError } from "./errors";
import { ZPetitionRules } from "./petition-rules";
import { ZText } from "./schemas";

/** Who acts at a step; "center" is the township 综治中心, "county" the county-level hub. */
export const STEP_LEVELS = ["grid", "village", "center", "township", "county"] as const;
export type StepLevel = (typeof STEP_LEVELS)[number];

const ZName = z.object({ zh: ZText.min(1), en: ZText.min(1) });

// A limit must be a valid and positive duration: a zero limit would make every case overdue.
const ZLimit = z
  .string()
  .refine(isValidDuration, "invalid ISO-8601 duration (PnW, PnD, PTnHnMnS)")
  .refine(isPositiveDuration, "the limit must be longer than zero");

export const ZPolicyStep = z.object({
  key: ZText.min(1),
  name: ZName,
  level: z.enum(STEP_LEVELS),
  limit: ZLimit,
});

export const ZPolicy = z
  .object({
    key: z.string().regex(/^[a-z0-9_-]+$/),
    name: ZName,
    counting: z.enum(["calendar", "working"]),
    overallLimit: ZLimit.nullable(),
    yellowAt: z.number().gt(0).lt(1).default(0.75),
    /** 码上反映: a cadre must call the citizen back within this limit (wall-clock); absent = no callback. */
    callbackLimit: ZLimit.optional(),
    /** 信访: the statutory periods and petition rules of the `xinfang` policy (packages/core/src/petitions.ts). */
    petition: ZPetitionRules.optional(),
    steps: z.array(ZPolicyStep).min(1).max(10),
  })
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.steps.forEach((s, i) => {
      if (seen.has(s.key)) {
        ctx.addIssue({ code: "custom", path: ["steps", i, "key"], message: `duplicate step key "${s.key}"` });
      }
      seen.add(s.key);
    });
  });

export type TPolicy = z.infer<typeof ZPolicy>;
export type TPolicyStep = z.infer<typeof ZPolicyStep>;

export function parsePolicy(input: unknown): TPolicy {
  const r = ZPolicy.safeParse(input);
  if (!r.success) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "处置流程配置无效", en: "Invalid escalation policy" },
      r.error.issues,
    );
  }
  return r.data;
}

/** 四级七天 (Zhangye): "网格员一天'接单'、社区两天'组团'、综治中心两天'会诊'、乡镇两天'拍板'". */
export const SIJI_QITIAN: TPolicy = {
  key: "siji-qitian",
  name: { zh: "四级七天", en: "Four levels in seven days" },
  counting: "calendar",
  overallLimit: "P7D",
  yellowAt: 0.75,
  steps: [
    { key: "jiedan", name: { zh: "接单", en: "Take the order" }, level: "grid", limit: "P1D" },
    { key: "zutuan", name: { zh: "组团", en: "Form a team" }, level: "village", limit: "P2D" },
    { key: "huizhen", name: { zh: "会诊", en: "Joint consultation" }, level: "center", limit: "P2D" },
    { key: "paiban", name: { zh: "拍板", en: "Decide" }, level: "township", limit: "P2D" },
  ],
};

export const DEFAULT_POLICIES: TPolicy[] = [
  SIJI_QITIAN,
  {
    ...SIJI_QITIAN,
    key: "siji-qitian-working",
    name: { zh: "四级七天（工作日）", en: "Four levels in seven working days" },
    counting: "working",
  },
];

export interface Clock {
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  unknownYears: number[];
}

/** The policy's step (1-based), or null beyond the ladder (上交 above the township). */
export function policyStep(policy: TPolicy, step: number): TPolicyStep | null {
  return Number.isInteger(step) && step >= 1 ? (policy.steps[step - 1] ?? null) : null;
}

function clockFor(policy: TPolicy, limit: string, startedAt: Date, cal: CalendarOptions): Clock {
  const { due, unknownYears } = addDuration(startedAt, limit, { ...cal, counting: policy.counting });
  // 黄灯 fires once `yellowAt` of the step's real span is spent, weekends included.
  const warnAt = new Date(
    startedAt.getTime() + Math.round(policy.yellowAt * (due.getTime() - startedAt.getTime())),
  );
  return { startedAt, dueAt: due, warnAt, unknownYears };
}

export function stepClock(policy: TPolicy, step: number, startedAt: Date, cal: CalendarOptions): Clock {
  const s = policyStep(policy, step);
  if (!s) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: `流程"${policy.name.zh}"没有第 ${step} 步`, en: `Policy "${policy.key}" has no step ${step}` },
      { policy: policy.key, step },
    );
  }
  return clockFor(policy, s.limit, startedAt, cal);
}

/** The case-wide clock (四级七天's seven days), or null when the policy sets none. */
export function overallClock(policy: TPolicy, startedAt: Date, cal: CalendarOptions): Clock | null {
  return policy.overallLimit === null ? null : clockFor(policy, policy.overallLimit, startedAt, cal);
}
