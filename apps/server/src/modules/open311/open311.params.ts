import { AppError, ZText } from "@fengqiao/core";
import { z } from "zod";

// Query parameters shared by GET requests and GET servicerequestupdates.

export const bad = (en: string) => new AppError("INVALID_INPUT", { en, zh: en });

const DAY = 24 * 3600_000;
/** GeoReport's default window, and the widest a client may ask for in one call. */
export const MAX_RANGE_DAYS = 90;

// W3C datetime (a profile of ISO 8601): a day, or a time with minutes and an offset.
const W3C = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function w3cParam(raw: string | undefined, name: string): Date | null {
  if (raw === undefined || raw === "") return null;
  // A "+08:00" sent unescaped in a query string arrives as " 08:00".
  const v = raw.replace(/ (\d{2}:\d{2})$/, "+$1");
  // A bare day is a day in China, where the cases are.
  const t = W3C.test(v) ? Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v) : Number.NaN;
  if (Number.isNaN(t)) throw bad(`${name} must be a W3C datetime, e.g. 2026-11-01T08:00:00+08:00`);
  return new Date(t);
}

/**
 * start_date/end_date: valid, in order, at most 90 days apart. Without either, the 90 days up to
 * now; with one, the 90 days after or before it (never past now).
 */
export function dateRange(q: { start_date?: string; end_date?: string }, now: Date) {
  const from = w3cParam(q.start_date, "start_date");
  const upTo = w3cParam(q.end_date, "end_date");
  const span = MAX_RANGE_DAYS * DAY;
  const end = upTo ?? (from ? new Date(Math.min(now.getTime(), from.getTime() + span)) : now);
  const start = from ?? new Date(end.getTime() - span);
  if (start > end) throw bad("start_date must not be after end_date");
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY)
    throw bad(`start_date and end_date may be at most ${MAX_RANGE_DAYS} days apart`);
  return { start, end };
}

const param = ZText.max(40).optional();
export const ZPaging = z.object({
  start_date: param,
  end_date: param,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(1000),
});

/** Query values as strings: a repeated parameter counts as its first value. */
export function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === "string") out[k] = first;
  }
  return out;
}
