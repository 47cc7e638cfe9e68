import { describe, expect, it } from "vitest";
import { caseFacts, type FactInput, type KpiRow, kpis, medianHours } from "./kpi";

const T0 = new Date("2026-11-02T00:00:00Z");
const h = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);

const base: FactInput = {
  status: "accepted",
  outcome: null,
  pausedFrom: null,
  warning: "blue",
  missedDeadline: false,
  step: 1,
  stepCount: 4,
  reopenCount: 0,
  channel: "hotline",
  createdAt: T0,
  resolvedAt: null,
  callbackDueAt: null,
  callbackEverMissed: false,
  rating: null,
};
const resolvedAt = (hours: number, step: number) => ({
  outcome: "resolved",
  resolvedAt: h(hours),
  step,
  settledStep: step,
});

// The hand-made set: one case of each kind a leader's figures must treat right.
const SET: Record<string, Partial<FactInput> & { settledStep?: number }> = {
  gridIn3h: { ...resolvedAt(3, 1), status: "closed", rating: "satisfied" },
  villageIn30h: { ...resolvedAt(30, 2), status: "resolved", rating: "basically_satisfied" },
  townshipIn6d: { ...resolvedAt(144, 4), status: "resolved" },
  beyondIn10d: { ...resolvedAt(240, 5), status: "closed" },
  pausedBeforeAccept: {
    status: "paused",
    pausedFrom: "submitted",
    warning: "red",
    missedDeadline: true,
  },
  reopened: { reopenCount: 1, warning: "red", missedDeadline: true, rating: "dissatisfied" },
  merged: { status: "closed", outcome: "merged" },
  referred: { status: "closed", outcome: "referred", step: 2 },
  rejected: { status: "closed", outcome: "rejected" },
  qrCalledOnTime: { channel: "qr", status: "mediating" },
  qrCalledLate: { channel: "qr", callbackEverMissed: true },
  qrCallbackOwed: { channel: "qr", status: "submitted", callbackDueAt: h(0.5) },
};

const rows: KpiRow[] = Object.values(SET).map(({ settledStep, ...c }) => {
  const input = { ...base, ...c };
  return {
    status: input.status,
    outcome: input.outcome ?? "",
    settledStep: settledStep ?? 0,
    m: caseFacts(input),
  };
});

describe("KPI definitions on the hand-made set (paused, reopened, merged, referred, rejected …)", () => {
  const k = kpis(rows);
  it.each([
    ["received = every registered case", k.received, 12],
    ["awaiting acceptance counts a case paused before acceptance", k.pending, 2],
    ["not accepted = rejected (不予受理)", k.notAccepted, 1],
    ["accepted = received − awaiting − rejected − merged (a referral was handled)", k.accepted, 8],
    ["referred", k.referred, 1],
    ["merged", k.merged, 1],
    ["resolved = outcome resolved now; the reopened case is not", k.resolved, 4],
    ["closed-not-resolved = rejected + merged + referred", k.closedNotResolved, 3],
    ["open = submitted, accepted, mediating, paused", k.open, 5],
    ["red = open and red now", k.red, 2],
    ["overdue = open and a clock ran out", k.overdue, 2],
    ["beyond the township (step 5 of a 4-step ladder)", k.beyond, 1],
    ["reopened", k.reopened, 1],
  ])("%s", (_name, got, want) => expect(got).toBe(want));

  it.each([
    ["四级七天: resolved within 7 days ÷ received (3h, 30h, 6d in; 10d out)", k.closure7Rate, 0.25],
    ["小事不出村 = settled at steps 1–2 ÷ resolved", k.villageRate, 0.5],
    ["大事不出镇 = settled at steps ≤ 4 ÷ resolved", k.townshipRate, 0.75],
    ["矛盾不上交 = never above the township ÷ received", k.notUpwardRate, 0.917],
    [
      "码上反映 callbacks on time ÷ callbacks settled (an owed callback is not judged yet)",
      k.callbackOnTimeRate,
      0.5,
    ],
    ["satisfaction = (satisfied + basically) ÷ rated", k.satisfactionRate, 0.667],
    ["reopen rate = reopened ÷ received", k.reopenRate, 0.083],
    ["median handling hours, interpolated in its histogram bucket (24–48 h)", k.medianHandlingHours, 48],
  ])("%s", (_name, got, want) => expect(got).toBe(want));

  it("settled-step distribution counts resolved cases by the step they were settled at", () => {
    expect(k.settledSteps).toEqual({ "1": 1, "2": 1, "4": 1, "5": 1 });
  });

  it("the 7-day rate judges only matured cases when given them", () => {
    const matured = rows.filter((r) => r.outcome === "resolved");
    expect(kpis(rows, matured).closure7Rate).toBe(0.75);
  });

  it("no cases: counts are 0 and rates are absent rather than 0 %", () => {
    const empty = kpis([]);
    expect(empty.received).toBe(0);
    expect(empty.villageRate).toBeNull();
    expect(empty.medianHandlingHours).toBeNull();
  });
});

describe("caseFacts", () => {
  it.each([
    ["exactly 7 days counts as within 7 days", { ...resolvedAt(168, 2) }, "resolved7", 1],
    ["7 days and a minute does not", { ...resolvedAt(168 + 1 / 60, 2) }, "resolved7", 0],
    [
      "a red case that is closed is not red now",
      { status: "closed", outcome: "rejected", warning: "red" },
      "redOpen",
      0,
    ],
    ["handling minutes of a resolved case", { ...resolvedAt(2.5, 1) }, "handlingMin", 150],
    ["4 h falls in the first bucket", { ...resolvedAt(4, 1) }, "h4", 1],
  ] as const)("%s", (_n, c, key, want) => {
    expect(caseFacts({ ...base, ...c })[key]).toBe(want);
  });

  it("median of one bucket is interpolated at its middle", () => {
    const m = caseFacts({ ...base, ...resolvedAt(30, 1) });
    expect(medianHours(m)).toBe(36);
  });
});
