import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarOptions } from "./calendar";
import {
  DEFAULT_POLICIES,
  overallClock,
  parsePolicy,
  policyStep,
  SIJI_QITIAN,
  stepClock,
  ZPolicy,
} from "./policy";

const cst = (wall: string) => new Date(`${wall}+08:00`);
const cal: CalendarOptions = { counting: "calendar" };
const WORKING = DEFAULT_POLICIES[1] ?? SIJI_QITIAN;

describe("default policies", () => {
  it("四级七天: 1 + 2 + 2 + 2 days, overall 7, calendar days, yellow at 75%", () => {
    expect(SIJI_QITIAN.steps.map((s) => [s.name.zh, s.level, s.limit])).toEqual([
      ["接单", "grid", "P1D"],
      ["组团", "village", "P2D"],
      ["会诊", "center", "P2D"],
      ["拍板", "township", "P2D"],
    ]);
    expect(SIJI_QITIAN).toMatchObject({ key: "siji-qitian", counting: "calendar", overallLimit: "P7D" });
    expect(SIJI_QITIAN.yellowAt).toBe(0.75);
  });

  it.each(DEFAULT_POLICIES)("$key parses as valid", (p) => {
    expect(parsePolicy(p)).toEqual(p);
  });

  it("the working-day variant differs only in key, name and counting", () => {
    expect(WORKING).toEqual({ ...SIJI_QITIAN, key: WORKING.key, name: WORKING.name, counting: "working" });
    expect(WORKING.key).toBe("siji-qitian-working");
  });
});

describe("parsePolicy", () => {
  const base = { ...SIJI_QITIAN, yellowAt: undefined };

  it("defaults yellowAt to 0.75", () => {
    expect(parsePolicy(base).yellowAt).toBe(0.75);
  });

  it.each<[string, unknown]>([
    ["bad key", { ...base, key: "Siji Qitian" }],
    ["no steps", { ...base, steps: [] }],
    [
      "eleven steps",
      { ...base, steps: Array.from({ length: 11 }, (_, i) => ({ ...SIJI_QITIAN.steps[0], key: `s${i}` })) },
    ],
    ["month limit", { ...base, steps: [{ ...SIJI_QITIAN.steps[0], limit: "P1M" }] }],
    ["zero limit", { ...base, steps: [{ ...SIJI_QITIAN.steps[0], limit: "P0D" }] }],
    ["negative overall", { ...base, overallLimit: "-P7D" }],
    ["yellowAt 1", { ...base, yellowAt: 1 }],
    ["yellowAt 0", { ...base, yellowAt: 0 }],
    ["unknown level", { ...base, steps: [{ ...SIJI_QITIAN.steps[0], level: "city" }] }],
    ["missing en name", { ...base, name: { zh: "四级七天" } }],
    ["duplicate step keys", { ...base, steps: [SIJI_QITIAN.steps[0], SIJI_QITIAN.steps[0]] }],
    ["not an object", "siji-qitian"],
  ])("refuses %s with INVALID_INPUT and the issues", (_name, input) => {
    expect(() => parsePolicy(input)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", details: expect.any(Array) }),
    );
    expect(ZPolicy.safeParse(input).success).toBe(false);
  });

  it("accepts a 30-minute callback policy (码上反映) without an overall clock", () => {
    const p = parsePolicy({
      key: "mashang-fanying",
      name: { zh: "码上反映", en: "Report by QR code" },
      counting: "calendar",
      overallLimit: null,
      steps: [{ key: "callback", name: { zh: "回电", en: "Call back" }, level: "village", limit: "PT30M" }],
    });
    expect(overallClock(p, cst("2025-05-01T10:00:00"), cal)).toBeNull();
    expect(stepClock(p, 1, cst("2025-05-01T10:00:00"), cal).dueAt).toEqual(cst("2025-05-01T10:30:00"));
  });
});

describe("clocks", () => {
  it.each([
    [1, "2025-09-30T10:00:00", "2025-10-01T10:00:00", "2025-10-01T04:00:00"],
    [2, "2025-09-30T10:00:00", "2025-10-02T10:00:00", "2025-10-01T22:00:00"],
    [4, "2025-09-30T10:00:00", "2025-10-02T10:00:00", "2025-10-01T22:00:00"],
  ])("calendar step %i from %s: due %s, yellow %s", (step, start, due, warn) => {
    const c = stepClock(SIJI_QITIAN, step, cst(start), cal);
    expect(c).toEqual({ startedAt: cst(start), dueAt: cst(due), warnAt: cst(warn), unknownYears: [] });
  });

  it("counting comes from the policy, not the caller", () => {
    const c = stepClock(WORKING, 1, cst("2025-09-30T10:00:00"), { counting: "calendar" });
    expect(c.dueAt).toEqual(cst("2025-10-09T10:00:00")); // 国庆 skipped
    const o = overallClock(SIJI_QITIAN, cst("2025-09-30T10:00:00"), { counting: "working" });
    expect(o?.dueAt).toEqual(cst("2025-10-07T10:00:00"));
  });

  it("reports unknown years on the clock", () => {
    const o = overallClock(WORKING, cst("2026-12-28T09:00:00"), { counting: "working" });
    expect(o?.unknownYears).toEqual([2027]);
  });

  it.each([0, 5, 1.5, -1])("refuses step %s", (step) => {
    expect(() => stepClock(SIJI_QITIAN, step, cst("2025-01-01T00:00:00"), cal)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
    expect(policyStep(SIJI_QITIAN, step)).toBeNull();
  });

  it("warnAt always lies between start and due", () => {
    const instant = fc
      .integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2026, 10, 1) })
      .map((n) => new Date(n));
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...DEFAULT_POLICIES),
        fc.integer({ min: 1, max: 4 }),
        (t, p, step) => {
          const c = stepClock(p, step, t, { counting: p.counting });
          expect(c.startedAt.getTime()).toBeLessThan(c.warnAt.getTime());
          expect(c.warnAt.getTime()).toBeLessThan(c.dueAt.getTime());
        },
      ),
    );
  });
});
