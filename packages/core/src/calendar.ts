import official from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { MS_DAY, parseDuration, timePartMs } from "./duration";
import { AppError } from "./errors";

export type DayCounting = "calendar" | "working";

export interface CalendarOptions {
  counting: DayCounting;
  /** Default true: China's official holidays and 调休 workdays (State Council notices, via chinese-days). */
  officialCalendar?: boolean;
  /** YYYY-MM-DD days off added by the county (local festivals, disasters). */
  localHolidays?: string[];
  /** YYYY-MM-DD days worked although the calendar says otherwise. */
  localWorkdays?: string[];
  /**
   * Years the official calendar does not know but whose notice an administrator has entered as
   * localHolidays/localWorkdays; they stop being reported as unknown.
   */
  extraKnownYears?: number[];
}

export interface DeadlineResult {
  due: Date;
  /** Years whose official calendar was needed but is not known: counted Mon–Fri, never silently. */
  unknownYears: number[];
}

// China has had no daylight saving time since 1991, so Asia/Shanghai is a fixed UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const OFFICIAL_HOLIDAYS: Readonly<Record<string, string>> = official.holidays;
const OFFICIAL_WORKDAYS: Readonly<Record<string, string>> = official.workdays;
const KNOWN_YEARS = yearSpan([...Object.keys(OFFICIAL_HOLIDAYS), ...Object.keys(OFFICIAL_WORKDAYS)]);

function yearSpan(dates: string[]): { from: number; to: number } {
  const years = dates.map((d) => Number(d.slice(0, 4)));
  return { from: Math.min(...years), to: Math.max(...years) };
}

/** The years the bundled official calendar covers; later years need an administrator's entry. */
export function knownCalendarYears(): { from: number; to: number } {
  return { ...KNOWN_YEARS };
}

/** The Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function localDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The month so far as Beijing days: a report's default period, whatever the reader's time zone. */
export function monthToDate(now: Date): { from: string; to: string } {
  const to = localDate(now);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** Epoch milliseconds of UTC midnight on a YYYY-MM-DD date (the date used as a day index). */
function dateToUtcMidnightMs(date: string): number {
  const m = DATE_PATTERN.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  // Round-trip check refuses 2025-02-30 and similar.
  if (!m || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new AppError("INVALID_INPUT", { zh: `日期无效：${date}`, en: `Invalid date: ${date}` }, { date });
  }
  return ms;
}

function shiftDate(date: string, days: number): string {
  return new Date(dateToUtcMidnightMs(date) + days * MS_DAY).toISOString().slice(0, 10);
}

interface DayVerdict {
  working: boolean;
  /** Set when the verdict needed an official calendar year that is not known. */
  unknownYear: number | null;
}

// Precedence: local entries (the county's own decision) beat the official calendar, which beats
// the plain Monday–Friday week.
function judgeDay(date: string, cal: CalendarOptions): DayVerdict {
  const weekday = new Date(dateToUtcMidnightMs(date)).getUTCDay();
  const ordinary = weekday >= 1 && weekday <= 5;
  if (cal.localWorkdays?.includes(date)) return { working: true, unknownYear: null };
  if (cal.localHolidays?.includes(date)) return { working: false, unknownYear: null };
  if (cal.officialCalendar === false) return { working: ordinary, unknownYear: null };
  if (OFFICIAL_WORKDAYS[date]) return { working: true, unknownYear: null }; // 调休 workday
  if (OFFICIAL_HOLIDAYS[date]) return { working: false, unknownYear: null };
  const year = Number(date.slice(0, 4));
  const known = (year >= KNOWN_YEARS.from && year <= KNOWN_YEARS.to) || cal.extraKnownYears?.includes(year);
  return { working: ordinary, unknownYear: known ? null : year };
}

/** Whether a YYYY-MM-DD date is a working day; unknown official years fall back to Mon–Fri. */
export function isWorkingDay(date: string, cal: CalendarOptions): boolean {
  return judgeDay(date, cal).working;
}

/** Whether the official calendar lacks the year of this date (and nobody entered it locally). */
export function isUnknownCalendarDate(date: string, cal: CalendarOptions): boolean {
  return judgeDay(date, cal).unknownYear !== null;
}

/**
 * The deadline `iso` after `start`. Calendar counting is plain elapsed time. Working counting
 * walks local dates one by one, counting only working days, keeps the local time of day, then
 * adds the time part as elapsed time.
 */
export function addDuration(start: Date, iso: string, cal: CalendarOptions): DeadlineResult {
  const d = parseDuration(iso);
  if (Number.isNaN(start.getTime())) {
    throw new AppError("INVALID_INPUT", { zh: "起始时间无效", en: "Invalid start time" });
  }
  if (cal.counting === "calendar") {
    const ms = d.sign * (d.days * MS_DAY + timePartMs(d));
    return { due: new Date(start.getTime() + ms), unknownYears: [] };
  }
  const unknown = new Set<number>();
  let date = localDate(start);
  for (let counted = 0; counted < d.days; ) {
    date = shiftDate(date, d.sign);
    const verdict = judgeDay(date, cal);
    if (verdict.unknownYear !== null) unknown.add(verdict.unknownYear);
    if (verdict.working) counted++;
  }
  const timeOfDay = start.getTime() - (dateToUtcMidnightMs(localDate(start)) - SHANGHAI_OFFSET_MS);
  const dayStart = dateToUtcMidnightMs(date) - SHANGHAI_OFFSET_MS;
  const due = dayStart + timeOfDay + d.sign * timePartMs(d);
  return { due: new Date(due), unknownYears: [...unknown].sort((a, b) => a - b) };
}

/**
 * A statutory period of `days` days (《民事诉讼法》第八十五条, applied to 人民调解/司法确认/信访 periods):
 * the day it starts is not counted, the period ends at the end (24:00) of its last day, and a last day
 * that is a 法定休假日 (a public holiday or an ordinary weekend) moves to the first working day after it.
 * A 调休 Saturday is a working day, so a period ending on one ends there.
 */
export function statutoryDeadline(start: Date, days: number, cal: CalendarOptions): DeadlineResult {
  if (Number.isNaN(start.getTime()) || !Number.isInteger(days) || days < 0) {
    throw new AppError("INVALID_INPUT", { zh: "期间无效", en: "Invalid statutory period" }, { days });
  }
  const unknown = new Set<number>();
  let date = shiftDate(localDate(start), days);
  for (;;) {
    const verdict = judgeDay(date, cal);
    if (verdict.unknownYear !== null) unknown.add(verdict.unknownYear);
    if (verdict.working) break;
    date = shiftDate(date, 1);
  }
  // 24:00 of the last day, i.e. the first instant of the next day in Shanghai.
  const due = dateToUtcMidnightMs(shiftDate(date, 1)) - SHANGHAI_OFFSET_MS;
  return { due: new Date(due), unknownYears: [...unknown].sort((a, b) => a - b) };
}
