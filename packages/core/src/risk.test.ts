import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_RULES, type RiskFacts, reddens, riskHits, ZRiskRules } from "./risk";

const calm: RiskFacts = {
  tokens: ["邻居", "装修", "噪音"],
  parties: 2,
  samePerson: 1,
  samePlace: 1,
  gridWeek: 1,
  gridWeeklyMean: 1,
  step: 1,
  stepCount: 4,
  failedMediation: false,
};
const WORDS = [
  { word: "跳楼", tokens: ["跳楼"] },
  { word: "讨薪", tokens: ["讨", "薪"] },
];
const rules = (f: Partial<RiskFacts>) =>
  riskHits({ ...calm, ...f }, DEFAULT_RISK_RULES, WORDS).map((h) => h.rule);

describe("risk rules (defaults: repeat 3 in 30 days, 5 parties, surge 3× the 8-week mean and ≥ 5)", () => {
  it.each([
    ["a calm case has no hit", {}, []],
    ["third case by the same caller in 30 days", { samePerson: 3 }, ["repeat"]],
    ["two by the same caller is not yet repeat", { samePerson: 2 }, []],
    ["third of its kind at the same place", { samePlace: 3 }, ["repeat"]],
    ["five parties is a group dispute", { parties: 5 }, ["group"]],
    ["a risk word among the tokens", { tokens: ["他", "要", "跳楼"] }, ["words"]],
    ["a word of two tokens needs both", { tokens: ["讨", "工资"] }, []],
    ["both tokens present", { tokens: ["讨", "薪"] }, ["words"]],
    ["surge: 7 in a week against a mean of 2", { gridWeek: 7, gridWeeklyMean: 2 }, ["surge"]],
    ["exactly 3× the mean is no surge", { gridWeek: 6, gridWeeklyMean: 2 }, []],
    ["a quiet grid's 4 against 0 is below the minimum", { gridWeek: 4, gridWeeklyMean: 0 }, []],
    ["escalated beyond the township", { step: 5 }, ["beyond"]],
    ["a failed mediation", { failedMediation: true }, ["failedMediation"]],
  ] as const)("%s", (_n, f, want) => expect(rules(f)).toEqual(want));

  it("each hit explains itself in Chinese and English", () => {
    const [hit] = riskHits({ ...calm, gridWeek: 7, gridWeeklyMean: 2 }, DEFAULT_RISK_RULES, WORDS);
    expect(hit?.why.zh).toBe("本网格近7日7件，超过前8周周均（2件）的3倍");
    expect(hit?.why.en).toContain("over 3×");
  });

  it("switching a rule off in the data turns it off", () => {
    const off = { ...DEFAULT_RISK_RULES, failedMediation: false };
    expect(riskHits({ ...calm, failedMediation: true }, off, WORDS)).toEqual([]);
  });

  it("the defaults are valid rules", () =>
    expect(ZRiskRules.parse(DEFAULT_RISK_RULES)).toEqual(DEFAULT_RISK_RULES));
});

describe("which hits turn a case red (高风险)", () => {
  it.each([
    ["repeat", true],
    ["group", true],
    ["words", true],
    ["beyond", true],
    ["failedMediation", true],
    ["surge", false],
  ] as const)("by default %s reddens: %s", (rule, red) =>
    expect(reddens(DEFAULT_RISK_RULES, rule)).toBe(red),
  );

  it("rules saved before the list existed read with the default list", () => {
    const { red: _red, ...old } = DEFAULT_RISK_RULES;
    expect(ZRiskRules.parse(old).red).toEqual(DEFAULT_RISK_RULES.red);
  });

  it("an administrator may make a surge redden, or nothing", () => {
    expect(reddens(ZRiskRules.parse({ ...DEFAULT_RISK_RULES, red: ["surge"] }), "surge")).toBe(true);
    expect(reddens(ZRiskRules.parse({ ...DEFAULT_RISK_RULES, red: [] }), "words")).toBe(false);
  });
});
