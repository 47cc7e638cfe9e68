import { z } from "zod";

// Risk warnings as data (issue 11): rules an administrator edits (settings row `risk.rules`), each
// hit explaining itself in zh and en on the case ("为何红色") and counted on the dashboard.

export const RISK_RULES = ["repeat", "group", "words", "surge", "beyond", "failedMediation"] as const;
export type RiskRule = (typeof RISK_RULES)[number];

export const ZRiskRules = z.object({
  /** Same caller (phone), or same category at one QR point or household: at least `min` cases within `days`. */
  repeat: z.object({ days: z.number().int().min(1).max(365), min: z.number().int().min(2).max(100) }),
  /** 群体性: at least `parties` people on one case. */
  group: z.object({ parties: z.number().int().min(2).max(1000) }),
  /** Risk words, matched as jieba tokens of the case's title and description. */
  words: z.array(z.string().trim().min(1).max(20)).max(500),
  /** A grid's last 7 days against its own 8-week weekly mean. */
  surge: z.object({
    factor: z.number().min(1).max(100),
    weeks: z.number().int().min(1).max(52),
    /** Below this many cases in the week no surge is called (1 against a mean of 0.1 is noise). */
    minCases: z.number().int().min(1).max(1000),
  }),
  beyond: z.boolean(),
  failedMediation: z.boolean(),
  /**
   * Rules whose hit turns the case red (高风险, DOMAIN §3). A surge is about the grid, not this case:
   * by default it warns on the case and the dashboard without reddening every case of a busy week.
   */
  red: z
    .array(z.enum(RISK_RULES))
    .max(RISK_RULES.length)
    .default(["repeat", "group", "words", "beyond", "failedMediation"]),
});
export type RiskRules = z.infer<typeof ZRiskRules>;

export const DEFAULT_RISK_RULES: RiskRules = {
  repeat: { days: 30, min: 3 },
  group: { parties: 5 },
  words: [
    "跳楼",
    "自杀",
    "讨薪",
    "欠薪",
    "上访",
    "集体",
    "群体",
    "堵路",
    "围堵",
    "拼命",
    "报复",
    "煤气罐",
    "农药",
  ],
  surge: { factor: 3, weeks: 8, minCases: 5 },
  beyond: true,
  failedMediation: true,
  red: ["repeat", "group", "words", "beyond", "failedMediation"],
};

/** Whether a hit of this rule turns its case red under these rules. */
export const reddens = (rules: RiskRules, rule: string): boolean =>
  (rules.red as readonly string[]).includes(rule);

/** What the server knows about one case, the rules' input. */
export interface RiskFacts {
  /** jieba tokens of title and description (the case's search tokens). */
  tokens: readonly string[];
  parties: number;
  /** Cases by the same caller within the window, this one included. */
  samePerson: number;
  /**
   * Cases of the same category at the same place — one QR point or one household, never a whole grid —
   * within the window, this one included (0 when the case has neither).
   */
  samePlace: number;
  /** Cases in the case's grid over the last 7 days, and its weekly mean over the weeks before. */
  gridWeek: number;
  gridWeeklyMean: number;
  step: number;
  stepCount: number;
  failedMediation: boolean;
}

export interface RiskHit {
  rule: RiskRule;
  why: { zh: string; en: string };
}

/** A risk word matches when all of its own jieba tokens are among the case's tokens. */
export interface RiskWord {
  word: string;
  tokens: readonly string[];
}

export function riskHits(f: RiskFacts, rules: RiskRules, words: readonly RiskWord[]): RiskHit[] {
  const hits: RiskHit[] = [];
  const { days, min } = rules.repeat;
  if (f.samePerson >= min) {
    hits.push({
      rule: "repeat",
      why: {
        zh: `同一反映人${days}日内反映${f.samePerson}次`,
        en: `${f.samePerson} cases by the same caller in ${days} days`,
      },
    });
  } else if (f.samePlace >= min) {
    hits.push({
      rule: "repeat",
      why: {
        zh: `同一地点同类问题${days}日内${f.samePlace}件`,
        en: `${f.samePlace} cases of this kind at this place in ${days} days`,
      },
    });
  }
  if (f.parties >= rules.group.parties) {
    hits.push({
      rule: "group",
      why: { zh: `涉及${f.parties}名当事人（群体性）`, en: `${f.parties} parties (group dispute)` },
    });
  }
  const have = new Set(f.tokens);
  const found = words
    .filter((w) => w.tokens.length > 0 && w.tokens.every((t) => have.has(t)))
    .map((w) => w.word);
  if (found.length) {
    hits.push({
      rule: "words",
      why: { zh: `风险词：${found.join("、")}`, en: `Risk words: ${found.join(", ")}` },
    });
  }
  const { factor, weeks, minCases } = rules.surge;
  if (f.gridWeek >= minCases && f.gridWeek > factor * f.gridWeeklyMean) {
    const mean = Math.round(f.gridWeeklyMean * 10) / 10;
    hits.push({
      rule: "surge",
      why: {
        zh: `本网格近7日${f.gridWeek}件，超过前${weeks}周周均（${mean}件）的${factor}倍`,
        en: `${f.gridWeek} cases in this grid in 7 days, over ${factor}× its ${weeks}-week weekly mean (${mean})`,
      },
    });
  }
  if (rules.beyond && f.step > f.stepCount) {
    hits.push({ rule: "beyond", why: { zh: "已上交至乡镇以上", en: "Sent above the township" } });
  }
  if (rules.failedMediation && f.failedMediation) {
    hits.push({ rule: "failedMediation", why: { zh: "调解失败", en: "Mediation failed" } });
  }
  return hits;
}
