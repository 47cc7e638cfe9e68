import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Duration, durationMs, isPositiveDuration, isValidDuration, parseDuration } from "./duration";

const H = 3_600_000;
const D = 24 * H;

describe("parseDuration", () => {
  it.each<[string, Duration, number]>([
    ["P1D", { sign: 1, days: 1, hours: 0, minutes: 0, seconds: 0 }, D],
    ["P2D", { sign: 1, days: 2, hours: 0, minutes: 0, seconds: 0 }, 2 * D],
    ["P7D", { sign: 1, days: 7, hours: 0, minutes: 0, seconds: 0 }, 7 * D],
    ["P1W", { sign: 1, days: 7, hours: 0, minutes: 0, seconds: 0 }, 7 * D],
    ["PT30M", { sign: 1, days: 0, hours: 0, minutes: 30, seconds: 0 }, 30 * 60_000],
    ["PT1H30M15S", { sign: 1, days: 0, hours: 1, minutes: 30, seconds: 15 }, H + 1_815_000],
    ["P1DT12H", { sign: 1, days: 1, hours: 12, minutes: 0, seconds: 0 }, 36 * H],
    ["-P5D", { sign: -1, days: 5, hours: 0, minutes: 0, seconds: 0 }, -5 * D],
    ["P0D", { sign: 1, days: 0, hours: 0, minutes: 0, seconds: 0 }, 0],
    ["-PT0S", { sign: -1, days: 0, hours: 0, minutes: 0, seconds: 0 }, 0],
  ])("%s", (iso, expected, ms) => {
    expect(parseDuration(iso)).toEqual(expected);
    expect(durationMs(parseDuration(iso))).toBe(ms);
    expect(isValidDuration(iso)).toBe(true);
  });

  it.each([
    "",
    "P",
    "PT",
    "P1DT",
    "1D",
    "P1M",
    "P1Y",
    "P1Y2M",
    "P1.5D",
    "PT0.5H",
    "P-1D",
    "+P1D",
    "p1d",
    "P1D ",
    "P99999W",
    "PT1H1D",
  ])("refuses %j with INVALID_INPUT", (iso) => {
    expect(() => parseDuration(iso)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(isValidDuration(iso)).toBe(false);
  });

  it.each([
    ["P1D", true],
    ["PT30M", true],
    ["P0D", false],
    ["-P1D", false],
    ["P1M", false],
  ])("isPositiveDuration(%s) = %s", (iso, ok) => {
    expect(isPositiveDuration(iso)).toBe(ok);
  });

  it("round-trips any generated duration", () => {
    const n = fc.integer({ min: 0, max: 999 });
    fc.assert(
      fc.property(fc.boolean(), n, n, n, n, (neg, days, hours, minutes, seconds) => {
        const iso = `${neg ? "-" : ""}P${days}DT${hours}H${minutes}M${seconds}S`;
        const d = parseDuration(iso);
        expect(d).toEqual({ sign: neg ? -1 : 1, days, hours, minutes, seconds });
        const total = days * D + hours * H + minutes * 60_000 + seconds * 1000;
        expect(durationMs(d)).toBe(total === 0 ? 0 : (neg ? -1 : 1) * total);
      }),
    );
  });
});
