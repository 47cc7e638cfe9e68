import { describe, expect, it } from "vitest";
import { CASE_EVENT_WORDS, caseEventWords, eventText, fillWords } from "./event-words";

describe("event words: one sentence per timeline event, for the console and the phone", () => {
  it.each([
    ["case.accepted", {}, "受理案件", "Case accepted"],
    [
      "case.from_visit",
      { by: "网格员 周丽", visitedAt: "2026-12-01 10:30", address: "梁家墩村一组14号", sourceId: "x" },
      "由网格员 周丽入户走访转为案件（2026-12-01 10:30，梁家墩村一组14号）",
      "Opened from a household visit by 网格员 周丽 (2026-12-01 10:30, 梁家墩村一组14号)",
    ],
    ["case.escalated", { toStep: 2, reason: "r" }, "上报至第 2 步", "Escalated to step 2"],
    ["case.warning_changed", { from: "blue", to: "red" }, "预警升为红色", "Warning raised to red"],
    [
      "case.risk_flagged",
      { why: { zh: "多次上访", en: "Repeat visits" } },
      "风险预警：多次上访",
      "Risk warning: Repeat visits",
    ],
    [
      "police.routed",
      { officer: "杨警官" },
      "治安类事项，已分派驻村民警",
      "Public-order matter: given to the village officer",
    ],
    ["task.dispatched", {}, "交办督办记录", "Task record"],
    ["case.overall_overdue", { dueAt: "2027-01-01T00:00:00Z" }, "超过总时限", "Overall time limit exceeded"],
    ["case.something_new", {}, "其他记录", "Other record"],
    ["weird", {}, "其他记录", "Other record"],
  ] as const)("%s", (type, data, zh, en) => {
    expect(eventText({ type, data }, "zh")).toBe(zh);
    expect(eventText({ type, data }, "en")).toBe(en);
  });

  it("never leaves a {{name}} unfilled, and the console's tree gets every key in each language", () => {
    expect(fillWords("移交至 {{to}}{{missing}}", { to: "法院" }, "zh")).toBe("移交至 法院");
    for (const lang of ["zh", "en"] as const) {
      const words = caseEventWords(lang);
      expect(Object.keys(words)).toEqual(Object.keys(CASE_EVENT_WORDS));
      for (const w of Object.values(words)) expect(w.trim()).not.toBe("");
    }
  });
});
