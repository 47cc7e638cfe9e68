import official from "chinese-days/dist/chinese-days.json" with { type: "json" };
import type { TTourSettings } from "./tour";

// 警随景动: how many officers a scenic spot's post needs on a day, from last year's tourist reports at
// the spot in the same ISO week and the public-holiday calendar (golden weeks bring the crowds).
//   officers = ⌈(minOfficers + daily reports last year ÷ reportsPerOfficer) × day factor⌉,
//   clamped to [minOfficers, maxOfficers]; day factor = the holiday's (National Day, Spring Festival…),
//   another official holiday's, the weekend's, or 1.

const HOLIDAYS: Readonly<Record<string, string>> = official.holidays;
const WORKDAYS: Readonly<Record<string, string>> = official.workdays;
const DAY = 86_400_000;

const utc = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));

/** ISO 8601 week of a YYYY-MM-DD date: the week (Mon–Sun) holding its Thursday, and that Thursday's year. */
export function isoWeek(date: string): { year: number; week: number } {
  const t = utc(date);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(t + (3 - weekday) * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return { year, week };
}

/** The official holiday a date falls in (chinese-days: "National Day,国庆节,3"), or null. */
export function holidayOf(date: string): { name: string; zh: string } | null {
  const v = HOLIDAYS[date];
  if (!v) return null;
  const [name = "", zh = ""] = v.split(",");
  return { name, zh };
}

export interface DutyDay {
  date: string;
  week: { year: number; week: number };
  /** Reports at the spot in the same ISO week a year before. */
  lastYearWeekReports: number;
  holiday: { name: string; zh: string } | null;
  weekend: boolean;
  factor: number;
  officers: number;
}

/** Tourist reports of last year counted by ISO week ("2025-W40" → n), from their local dates. */
export function reportsByWeek(dates: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of dates) {
    const w = isoWeek(d);
    const key = `${w.year}-W${w.week}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** The proposed duty of each day: pure, so the roster page and its print show the same numbers. */
export function dutyForecast(o: {
  days: readonly string[];
  lastYearReports: readonly string[];
  settings: TTourSettings;
}): DutyDay[] {
  const s = o.settings;
  const byWeek = reportsByWeek(o.lastYearReports);
  return o.days.map((date) => {
    const week = isoWeek(date);
    // Week 53 has no twin most years: the year's last week stands in.
    const fallback = week.week === 53 ? (byWeek.get(`${week.year - 1}-W52`) ?? 0) : 0;
    const last = byWeek.get(`${week.year - 1}-W${week.week}`) ?? fallback;
    const holiday = holidayOf(date);
    const weekday = new Date(utc(date)).getUTCDay();
    // A 调休 Saturday is a working day: no weekend crowd.
    const weekend = (weekday === 0 || weekday === 6) && !WORKDAYS[date];
    const factor = holiday
      ? (s.holidayFactors[holiday.name] ?? s.otherHolidayFactor)
      : weekend
        ? s.weekendFactor
        : 1;
    const raw = Math.ceil((s.minOfficers + last / 7 / s.reportsPerOfficer) * factor - 1e-9);
    const officers = Math.min(s.maxOfficers, Math.max(s.minOfficers, raw));
    return { date, week, lastYearWeekReports: last, holiday, weekend, factor, officers };
  });
}

/** Consecutive YYYY-MM-DD dates from `from`, `n` of them (a roster's span). */
export function dateSpan(from: string, n: number): string[] {
  const start = utc(from);
  return Array.from({ length: n }, (_, i) => new Date(start + i * DAY).toISOString().slice(0, 10));
}
