import { AppError } from "./errors";

/** A deadline length. Months and years are absent on purpose: "one month" is ambiguous. */
export interface Duration {
  sign: 1 | -1;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

// ISO 8601 subset: weeks, days and a time part; no fractions, no months or years.
const PATTERN = /^(-)?P(?:(\d{1,5})W)?(?:(\d{1,5})D)?(?:T(?:(\d{1,5})H)?(?:(\d{1,5})M)?(?:(\d{1,5})S)?)?$/;

// Bounds the day-by-day working-day walk; no grassroots deadline runs for a century.
const MAX_DAYS = 36_600;

const MS_SECOND = 1000;
const MS_MINUTE = 60 * MS_SECOND;
const MS_HOUR = 60 * MS_MINUTE;
export const MS_DAY = 24 * MS_HOUR;

function invalid(iso: string): AppError {
  return new AppError(
    "INVALID_INPUT",
    {
      zh: `时限格式无效：${iso}（示例：P1D、PT30M、P1DT12H；不支持月、年）`,
      en: `Invalid duration: ${iso} (e.g. P1D, PT30M, P1DT12H; months and years are not supported)`,
    },
    { duration: iso },
  );
}

export function parseDuration(iso: string): Duration {
  const m = PATTERN.exec(iso);
  if (!m) throw invalid(iso);
  const [, minus, w, d, h, min, s] = m;
  const hasTimeDesignator = iso.includes("T");
  const hasDate = w !== undefined || d !== undefined;
  const hasTime = h !== undefined || min !== undefined || s !== undefined;
  // "P" alone and a bare "T" carry no length: ISO requires at least one component after each.
  if ((!hasDate && !hasTime) || (hasTimeDesignator && !hasTime)) throw invalid(iso);
  const days = Number(w ?? 0) * 7 + Number(d ?? 0);
  if (days > MAX_DAYS) throw invalid(iso);
  return {
    sign: minus ? -1 : 1,
    days,
    hours: Number(h ?? 0),
    minutes: Number(min ?? 0),
    seconds: Number(s ?? 0),
  };
}

export function isValidDuration(iso: string): boolean {
  try {
    parseDuration(iso);
    return true;
  } catch {
    return false;
  }
}

/** A limit must move the clock forward: zero or negative limits would make cases overdue at birth. */
export function isPositiveDuration(iso: string): boolean {
  return isValidDuration(iso) && durationMs(parseDuration(iso)) > 0;
}

/** Elapsed milliseconds, every day counted as 24 hours (China has no DST). */
export function durationMs(d: Duration): number {
  const ms = d.days * MS_DAY + timePartMs(d);
  return ms === 0 ? 0 : d.sign * ms; // never -0: callers compare with ===
}

/** The hours/minutes/seconds part alone, unsigned. */
export function timePartMs(d: Duration): number {
  return d.hours * MS_HOUR + d.minutes * MS_MINUTE + d.seconds * MS_SECOND;
}
