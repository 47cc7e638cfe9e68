import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDuration,
  type CalendarOptions,
  isUnknownCalendarDate,
  isWorkingDay,
  knownCalendarYears,
  localDate,
  monthToDate,
  statutoryDeadline,
} from "./calendar";

const official: CalendarOptions = { counting: "working" };
const calendarDays: CalendarOptions = { counting: "calendar" };
// FixMyStreet's working-day tests: plain weeks plus two local holidays.
const fixMyStreet: CalendarOptions = {
  counting: "working",
  officialCalendar: false,
  localHolidays: ["2020-09-15", "2020-09-21"],
};

/** An instant given as Asia/Shanghai wall time. */
const cst = (wall: string) => new Date(`${wall}+08:00`);

describe("localDate", () => {
  it.each([
    ["2025-09-30T15:59:59Z", "2025-09-30"],
    ["2025-09-30T16:00:00Z", "2025-10-01"],
    ["2026-12-31T16:00:00Z", "2027-01-01"],
  ])("%s is %s in Shanghai", (utc, date) => {
    expect(localDate(new Date(utc))).toBe(date);
  });
});

describe("monthToDate (a report's default period, in Beijing days)", () => {
  it.each([
    ["2026-12-02T15:30:00Z", "2026-12-01", "2026-12-02"],
    ["2026-12-02T16:30:00Z", "2026-12-01", "2026-12-03"], // 00:30 in Beijing: already the 3rd
    ["2026-12-31T16:00:00Z", "2027-01-01", "2027-01-01"], // New Year in Beijing, still 2026 in UTC
  ])("at %s: %s to %s", (utc, from, to) => {
    expect(monthToDate(new Date(utc))).toEqual({ from, to });
  });
});

describe("isWorkingDay", () => {
  it.each<[string, CalendarOptions, boolean]>([
    ["2025-09-26", official, true], // Friday
    ["2025-09-27", official, false], // Saturday
    ["2025-09-28", official, true], // Sunday, 国庆 调休 workday
    ["2025-10-01", official, false], // 国庆节
    ["2025-10-06", official, false], // 中秋
    ["2025-10-08", official, false], // Wednesday inside the holiday
    ["2025-10-09", official, true],
    ["2025-10-11", official, true], // Saturday, 调休 workday
    ["2025-10-12", official, false],
    ["2026-01-04", official, true], // Sunday, 元旦 调休 workday
    ["2026-02-14", official, true], // Saturday, 春节 调休 workday
    ["2026-02-16", official, false], // Monday, 春节
    ["2026-02-23", official, false], // Monday, last day of 春节
    ["2026-02-24", official, true],
    ["2026-02-28", official, true], // Saturday, 春节 调休 workday
    ["2026-03-01", official, false],
    ["2025-10-01", { counting: "working", officialCalendar: false }, true],
    ["2025-09-28", { counting: "working", officialCalendar: false }, false],
    ["2025-10-09", { counting: "working", localHolidays: ["2025-10-09"] }, false],
    ["2025-10-05", { counting: "working", localWorkdays: ["2025-10-05"] }, true],
    ["2027-01-01", official, true], // unknown year: Mon–Fri fallback
    ["2027-01-02", official, false],
    ["2020-09-21", fixMyStreet, false],
  ])("%s (%j) → %s", (date, cal, working) => {
    expect(isWorkingDay(date, cal)).toBe(working);
  });

  it.each(["2025-02-30", "2025-9-1", "yesterday", ""])("refuses %j", (date) => {
    expect(() => isWorkingDay(date, official)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });

  it.each<[string, CalendarOptions, boolean]>([
    ["2026-12-31", official, false],
    ["2027-03-01", official, true],
    ["2027-03-01", { counting: "working", officialCalendar: false }, false],
    ["2027-03-01", { counting: "working", extraKnownYears: [2027] }, false],
    ["2027-01-01", { counting: "working", localHolidays: ["2027-01-01"] }, false],
  ])("isUnknownCalendarDate(%s, %j) = %s", (date, cal, unknown) => {
    expect(isUnknownCalendarDate(date, cal)).toBe(unknown);
  });
});

describe("knownCalendarYears", () => {
  it("covers the announced years: 2026 known, 2027 not", () => {
    const { from, to } = knownCalendarYears();
    expect(from).toBeLessThanOrEqual(2020);
    expect(to).toBe(2026);
  });
});

describe("addDuration", () => {
  it.each<[string, Date, string, CalendarOptions, Date, number[]]>([
    ["FixMyStreet +P1D", cst("2020-09-19T10:00:00"), "P1D", fixMyStreet, cst("2020-09-22T10:00:00"), []],
    ["FixMyStreet -P5D", cst("2020-09-19T10:00:00"), "-P5D", fixMyStreet, cst("2020-09-11T10:00:00"), []],
    ["calendar P1D is 24 h", cst("2025-09-30T10:00:00"), "P1D", calendarDays, cst("2025-10-01T10:00:00"), []],
    ["calendar PT30M", cst("2025-09-30T23:50:00"), "PT30M", calendarDays, cst("2025-10-01T00:20:00"), []],
    ["over 国庆", cst("2025-09-30T10:00:00"), "P1D", official, cst("2025-10-09T10:00:00"), []],
    ["onto a 调休 Sunday", cst("2025-09-26T09:00:00"), "P2D", official, cst("2025-09-29T09:00:00"), []],
    ["after midnight local", cst("2025-10-01T00:30:00"), "P1D", official, cst("2025-10-09T00:30:00"), []],
    ["time part elapsed", cst("2025-09-26T18:00:00"), "P1DT12H", official, cst("2025-09-29T06:00:00"), []],
    ["over 春节 2026", cst("2026-02-13T09:00:00"), "P7D", official, cst("2026-03-02T09:00:00"), []],
    ["backwards over 国庆", cst("2025-10-09T09:00:00"), "-P2D", official, cst("2025-09-29T09:00:00"), []],
    ["into 2027", cst("2026-12-30T09:00:00"), "P2D", official, cst("2027-01-01T09:00:00"), [2027]],
    ["calendar into 2027", cst("2026-12-30T09:00:00"), "P7D", calendarDays, cst("2027-01-06T09:00:00"), []],
    [
      "2027 entered locally",
      cst("2026-12-30T09:00:00"),
      "P2D",
      { counting: "working", extraKnownYears: [2027], localHolidays: ["2027-01-01"] },
      cst("2027-01-04T09:00:00"),
      [],
    ],
  ])("%s", (_name, start, iso, cal, due, unknownYears) => {
    expect(addDuration(start, iso, cal)).toEqual({ due, unknownYears });
  });

  it("refuses an invalid start or duration", () => {
    expect(() => addDuration(new Date(Number.NaN), "P1D", official)).toThrow(/Invalid start/);
    expect(() => addDuration(cst("2025-01-01T00:00:00"), "P1M", official)).toThrow(/Invalid duration/);
  });

  const instant = fc
    .integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2026, 10, 1) })
    .map((ms) => new Date(ms));

  it("calendar counting is elapsed time", () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 23 }),
        (start, d, h) => {
          const { due } = addDuration(start, `P${d}DT${h}H`, calendarDays);
          expect(due.getTime() - start.getTime()).toBe((d * 24 + h) * 3_600_000);
        },
      ),
    );
  });

  it("working counting lands on a working day after exactly n working days, same time of day", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20 }), (start, n) => {
        const { due, unknownYears } = addDuration(start, `P${n}D`, official);
        expect(unknownYears).toEqual([]);
        expect(isWorkingDay(localDate(due), official)).toBe(true);
        expect((due.getTime() - start.getTime()) % 86_400_000).toBe(0);
        let counted = 0;
        for (let t = start.getTime() + 86_400_000; t <= due.getTime(); t += 86_400_000) {
          if (isWorkingDay(localDate(new Date(t)), official)) counted++;
        }
        expect(counted).toBe(n);
      }),
    );
  });

  it("going forward then back n working days returns to a working start", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20 }), (start, n) => {
        fc.pre(isWorkingDay(localDate(start), official));
        const { due } = addDuration(start, `P${n}D`, official);
        expect(addDuration(due, `-P${n}D`, official).due).toEqual(start);
      }),
    );
  });
});

describe("statutoryDeadline (《民事诉讼法》第八十五条: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期)", () => {
  // Ends at 24:00 Shanghai of the date given (= 00:00 of the next day).
  const end = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
  it.each<[string, number, string, string]>([
    ["2026-11-02T10:00", 30, "2026-12-02", "ordinary Wednesday: start day not counted"],
    ["2026-09-24T09:00", 7, "2026-10-08", "lands on 国庆 2026-10-01 → first working day after the holiday"],
    ["2026-09-30T16:00", 10, "2026-10-10", "lands on the 调休 Saturday 2026-10-10, a working day: stays"],
    ["2026-09-20T08:00", 15, "2026-10-08", "lands on 2026-10-05 inside 国庆 → 10-08"],
    ["2026-01-16T11:00", 30, "2026-02-24", "lands on 春节 2026-02-15 → 02-24, after the holiday"],
    ["2026-01-15T11:00", 30, "2026-02-14", "lands on the 春节 调休 Saturday 2026-02-14: stays"],
    ["2026-01-29T11:00", 30, "2026-02-28", "lands on the 调休 Saturday 2026-02-28: stays"],
    ["2026-01-30T11:00", 30, "2026-03-02", "lands on Sunday 2026-03-01 (a 休息日) → Monday"],
    [
      "2026-09-10T10:00",
      15,
      "2026-09-28",
      "2026-09-25 is 中秋 in the bundled calendar, then a weekend → Monday 09-28",
    ],
  ])("%s + %i days ends %s (%s)", (start, days, last, _why) => {
    const got = statutoryDeadline(cst(start), days, { counting: "calendar" });
    expect(got.due.toISOString()).toBe(end(last).toISOString());
  });

  it("refuses a negative period", () => {
    expect(() => statutoryDeadline(new Date(), -1, official)).toThrow();
  });
});
