import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Warning, type WarningInput, warningLevel } from "./warnings";

const at = (h: number) => new Date(Date.UTC(2025, 0, 1, h));
const base: WarningInput = {
  now: at(1),
  warnAt: at(6),
  dueAt: at(8),
  paused: false,
  failedMediation: false,
  highRisk: false,
  overallDueAt: at(20),
};

describe("warningLevel", () => {
  it.each<[string, Partial<WarningInput>, Warning]>([
    ["on track", {}, "blue"],
    ["at warnAt", { now: at(6) }, "yellow"],
    ["between warn and due", { now: at(7) }, "yellow"],
    ["at dueAt", { now: at(8) }, "red"],
    ["past overall clock", { now: at(21), warnAt: at(30), dueAt: at(40) }, "red"],
    ["no clocks (上交)", { warnAt: null, dueAt: null, overallDueAt: null, now: at(100) }, "blue"],
    ["failed 首调", { failedMediation: true }, "red"],
    ["high risk", { highRisk: true }, "red"],
    ["paused and overdue", { paused: true, now: at(9) }, "yellow"],
    ["paused before warnAt, waiting long", { paused: true, pausedAt: at(2), now: at(30) }, "blue"],
    ["paused after warnAt", { paused: true, pausedAt: at(7), now: at(30) }, "yellow"],
    ["paused but high risk", { paused: true, highRisk: true }, "red"],
  ])("%s → %s", (_name, patch, expected) => {
    expect(warningLevel({ ...base, ...patch })).toBe(expected);
  });

  it("never gets milder as time passes on a running clock", () => {
    const rank: Record<Warning, number> = { blue: 0, yellow: 1, red: 2 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const w1 = warningLevel({ ...base, now: at(early) });
        const w2 = warningLevel({ ...base, now: at(late) });
        expect(rank[w2]).toBeGreaterThanOrEqual(rank[w1]);
      }),
    );
  });
});
