import { describe, expect, it } from "vitest";
import {
  DEFAULT_TOUR_SETTINGS,
  dateSpan,
  dutyForecast,
  isoWeek,
  isPublicOrder,
  officerRouting,
  TOURISM_ANSWER,
  tourAnswerClock,
  tourAnswered,
  tourReportReceived,
} from "./tour";

const S = DEFAULT_TOUR_SETTINGS;
const officer = { userId: "u-police", name: "杨警官" };
const village = { code: "620702100201", name: "梁家墩村" };

describe("有事找警察: which categories are the resident officer's (治安)", () => {
  it.each([
    ["public_order", true],
    ["traffic", true],
    ["neighbour", false],
    ["labour", false],
    ["tourism", false],
  ])("%s → %s", (code, yes) => {
    expect(isPublicOrder(code)).toBe(yes);
  });

  it.each([
    ["public_order", officer, village, 2],
    ["public_order", null, village, 0],
    ["neighbour", officer, village, 0],
    ["traffic", officer, null, 0],
  ] as const)("%s with officer=%s: %i causes", (category, o, v, n) => {
    expect(officerRouting({ category, officer: o, village: v, assignedUnitId: null })).toHaveLength(n);
  });

  it("assigns the case to the officer (its unit kept), and says why on the timeline", () => {
    const [assign, why] = officerRouting({
      category: "public_order",
      officer,
      village,
      assignedUnitId: "u1",
    });
    expect(assign).toEqual({
      type: "command",
      command: { type: "assign", unitId: "u1", userId: "u-police" },
      actorId: null,
    });
    expect(why).toMatchObject({ type: "recorded", event: "police.routed", data: { officer: "杨警官" } });
  });
});

describe("旅游警务: the post's answer clock (default 15 minutes, warned 5 before)", () => {
  const now = new Date("2026-10-02T02:00:00Z");
  const ref = { reportId: "r1", place: "湿地公园游客中心", post: "湿地公园旅游警务室" };

  it.each([
    [15, 5, "2026-10-02T02:15:00.000Z", "2026-10-02T02:10:00.000Z"],
    [30, 0, "2026-10-02T02:30:00.000Z", null],
    [3, 5, "2026-10-02T02:03:00.000Z", null],
  ])("answerMinutes %i, warn %i before → due %s, warn %s", (minutes, warn, due, warnAt) => {
    const c = tourReportReceived(ref, { ...S, answerMinutes: minutes, warnBeforeMinutes: warn }, now);
    const op = c.clockOps?.[0];
    expect(op?.op).toBe("start");
    if (op?.op !== "start") return;
    expect(op.clock).toMatchObject({ kind: TOURISM_ANSWER, subjectId: "r1" });
    expect(op.clock.dueAt.toISOString()).toBe(due);
    expect(op.clock.warnAt?.toISOString() ?? null).toBe(warnAt);
    expect(c.events[0]?.type).toBe("tourism.received");
  });

  it.each([
    ["warn", "tourism.answer_warned", false],
    ["due", "tourism.answer_overdue", true],
  ] as const)("clock %s → %s, red %s", (on, type, red) => {
    const c = tourAnswerClock(ref, on, now);
    expect(c.events[0]?.type).toBe(type);
    expect(c.red).toBe(red);
  });

  it.each([
    ["2026-10-02T02:14:00Z", false],
    ["2026-10-02T02:16:00Z", true],
  ])("answered at %s: late %s, and only this report's clock stops", (at, late) => {
    const dueAt = new Date("2026-10-02T02:15:00Z");
    const c = tourAnswered({ ...ref, by: "杨警官", how: "answer", dueAt }, new Date(at));
    expect(c.events[0]?.data).toMatchObject({ late, how: "answer" });
    expect(c.clockOps).toEqual([{ op: "stop", kinds: [TOURISM_ANSWER], subjectId: "r1" }]);
  });
});

describe("ISO weeks", () => {
  it.each([
    ["2026-10-01", 2026, 40],
    ["2025-10-01", 2025, 40],
    ["2026-02-17", 2026, 8],
    ["2025-02-17", 2025, 8],
    ["2026-01-01", 2026, 1],
    ["2027-01-01", 2026, 53],
    ["2024-12-30", 2025, 1],
  ])("%s is %i-W%i", (d, year, week) => {
    expect(isoWeek(d)).toEqual({ year, week });
  });
});

// Last year's reports at the spot: 56 in 2025-W40 (National Day week, 8 a day), 28 in 2025-W8, 7 in 2025-W39.
const lastYear = [
  ...Array.from({ length: 56 }, (_, i) => dateSpan("2025-09-29", 7)[i % 7] as string),
  ...Array.from({ length: 28 }, (_, i) => dateSpan("2025-02-17", 7)[i % 7] as string),
  ...Array.from({ length: 7 }, (_, i) => dateSpan("2025-09-22", 7)[i % 7] as string),
];

describe("duty forecast: last year's same ISO week × the holiday calendar", () => {
  const byDate = (days: string[], reports = lastYear) =>
    Object.fromEntries(dutyForecast({ days, lastYearReports: reports, settings: S }).map((d) => [d.date, d]));

  it.each([
    // date, why, last year's week, factor, officers
    ["2026-09-24", "ordinary Thursday, W39: 1 a day", 7, 1, 2],
    ["2026-09-13", "ordinary Sunday ×1.2, W37: none", 0, 1.2, 2],
    ["2026-09-27", "Mid-autumn (another holiday) ×1.5, W39", 7, 1.5, 2],
    ["2026-09-30", "Wednesday before National Day, W40", 56, 1, 3],
    ["2026-10-01", "National Day ×2.5, W40", 56, 2.5, 8],
    ["2026-10-04", "National Day ×2.5 (Sunday)", 56, 2.5, 8],
    ["2026-10-07", "last day of National Day, already W41: no history", 0, 2.5, 3],
    ["2026-10-08", "Thursday after the golden week, W41: none", 0, 1, 1],
    ["2026-10-10", "调休 Saturday is a working day, not a weekend", 0, 1, 1],
    ["2026-02-13", "Friday before Spring Festival, W7", 0, 1, 1],
    ["2026-02-14", "调休 Saturday before Spring Festival", 0, 1, 1],
    ["2026-02-17", "初一 Spring Festival ×2, W8: 4 a day", 28, 2, 4],
    ["2026-02-23", "last day of Spring Festival, W9", 0, 2, 2],
  ])("%s (%s)", (date, _why, last, factor, officers) => {
    const d = byDate([date])[date];
    expect(d).toMatchObject({ lastYearWeekReports: last, factor, officers });
  });

  it("more officers every day of National Day 2026 than on the ordinary week before, with no history at all", () => {
    const days = byDate(dateSpan("2026-09-21", 17), []);
    const golden = dateSpan("2026-10-01", 7).map((d) => days[d]?.officers);
    expect(golden).toEqual([3, 3, 3, 3, 3, 3, 3]);
    expect(days["2026-09-23"]?.officers).toBe(1);
    expect(days["2026-10-01"]?.holiday).toEqual({ name: "National Day", zh: "国庆节" });
  });

  it("the cap holds and an admin's factor changes the proposal", () => {
    const settings = { ...S, maxOfficers: 5, holidayFactors: { "Spring Festival": 4 } };
    const [nd, sf] = dutyForecast({
      days: ["2026-10-01", "2026-02-17"],
      lastYearReports: lastYear,
      settings,
    });
    expect(nd?.officers).toBe(5); // National Day now falls back to otherHolidayFactor 1.5: ⌈3×1.5⌉, capped
    expect(sf?.officers).toBe(5);
  });
});
