import { describe, expect, it } from "vitest";
import { trainingSummary, ZLawReportInput, ZTrainingInput } from "./unit-records";

const training = {
  heldOn: "2026-11-20",
  kind: "drill",
  topic: "矛盾纠纷调处实操演练",
  hours: 3.5,
  attendees: 12,
};

describe("教学练战 training records", () => {
  it.each([
    ["a half-day drill", training, true],
    ["hours in half hours only", { ...training, hours: 1.25 }, false],
    ["no hours", { ...training, hours: 0 }, false],
    ["a day that is not on the calendar", { ...training, heldOn: "2026-02-30" }, false],
    ["an unknown kind", { ...training, kind: "party" }, false],
    ["nobody attended", { ...training, attendees: 0 }, false],
    ["an empty topic", { ...training, topic: "  " }, false],
    ["a control character in the topic", { ...training, topic: "演练\u0007" }, false],
  ] as const)("%s → valid: %s", (_n, input, ok) => expect(ZTrainingInput.safeParse(input).success).toBe(ok));

  it("sums sessions, person-hours and 教/学/练/战 for the scorecard", () => {
    expect(
      trainingSummary([
        { kind: "drill", hours: 3.5, attendees: 12 },
        { kind: "learn", hours: 2, attendees: 30 },
        { kind: "learn", hours: 1.5, attendees: 8 },
      ]),
    ).toEqual({ sessions: 3, personHours: 114, byKind: { teach: 0, learn: 2, drill: 1, practice: 0 } });
    expect(trainingSummary([])).toEqual({
      sessions: 0,
      personHours: 0,
      byKind: { teach: 0, learn: 0, drill: 0, practice: 0 },
    });
  });
});

describe("述学述评述督 annual reports", () => {
  const report = {
    title: "2026年度述法报告",
    presentedOn: "2026-12-20",
    study: "学",
    review: "评",
    supervision: "督",
  };
  it.each([
    ["all three parts", report, true],
    ["without the 述督 part", { ...report, supervision: "" }, false],
    ["with the assessment", { ...report, assessment: "较好" }, true],
  ] as const)("%s → valid: %s", (_n, input, ok) => expect(ZLawReportInput.safeParse(input).success).toBe(ok));
});
