import { MASHANG_FANYING, SIJI_QITIAN } from "@fengqiao/core";
import { describe, expect, it } from "vitest";
import type { CaseDetail, ClockView, TimelineEvent } from "../../api/types";
import { liveWarning } from "../../components/countdown";
import { callbackState } from "./callback-state";
import { holdersByStep, ladderRungs } from "./ladder";

// The case detail page's pure logic: the ladder bar, the 码上反映 callback card and the live tag.
const T0 = "2026-03-02T01:00:00.000Z";
const h = (n: number) => new Date(Date.parse(T0) + n * 3600_000).toISOString();

function detail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    code: "620702-260302-0000011",
    status: "accepted",
    step: 1,
    stepCount: 4,
    stepDueAt: h(24),
    stepWarnAt: h(18),
    overallDueAt: h(168),
    pausedAt: null,
    warning: "blue",
    failedMediation: false,
    highRisk: false,
    missedDeadline: false,
    timeline: [],
    clocks: [],
    ...over,
  } as CaseDetail;
}

const ev = (
  seq: number,
  type: string,
  actor: string | null,
  data: Record<string, unknown> = {},
): TimelineEvent => ({ seq, type, at: h(seq), actor, data }) as TimelineEvent;

const clock = (over: Partial<ClockView>): ClockView =>
  ({
    kind: "callback",
    step: null,
    startedAt: T0,
    dueAt: h(0.5),
    warnAt: null,
    pausedAt: null,
    stoppedAt: null,
    firedAt: null,
    basis: "mashang-fanying:callback:PT30M",
    ...over,
  }) as ClockView;

describe("the ladder bar", () => {
  it("credits each step to who acted on it; an escalation is the last act of the step it leaves", () => {
    const held = holdersByStep([
      ev(1, "case.submitted", "话务员"),
      ev(2, "case.accepted", "网格员"),
      ev(3, "case.escalated", "网格员", { fromStep: 1, toStep: 2 }),
      ev(4, "case.noted", "村书记"),
      ev(5, "case.escalated", null, { fromStep: 2, toStep: 3, auto: true }),
    ]);
    expect(held.get(1)).toEqual(["话务员", "网格员"]);
    expect(held.get(2)).toEqual(["村书记"]);
    expect(held.get(3)).toBeUndefined();
  });

  it.each([
    ["accepted", [h(24), h(72), h(120), h(168)], [false, true, true, true]],
    ["resolved", [h(24), null, null, null], [false, false, false, false]],
  ] as const)("a %s case shows ran and projected deadlines", (status, due, projected) => {
    const c = detail({
      status,
      clocks: [clock({ kind: "step", step: 1, dueAt: h(24), basis: "siji-qitian:jiedan" })],
    });
    const rungs = ladderRungs(c, SIJI_QITIAN);
    expect(rungs.map((r) => r.dueAt?.toISOString() ?? null)).toEqual(due);
    expect(rungs.map((r) => r.projected)).toEqual(projected);
    expect(rungs.map((r) => r.name.zh)).toEqual(["接单", "组团", "会诊", "拍板"]);
  });
});

describe("the callback card", () => {
  const c = detail({ timeline: [ev(1, "case.submitted", null)] });
  it.each([
    ["pending while the 30 minutes run", clock({}), h(0.2), "pending"],
    ["missed once they have run out", clock({}), h(0.6), "missed"],
    ["done when stopped before its time", clock({ stoppedAt: h(0.3) }), h(1), "done"],
    ["missed when the sweep fired it", clock({ stoppedAt: h(0.5), firedAt: h(0.5) }), h(1), "missed"],
  ] as const)("%s", (_n, k, now, state) => {
    expect(callbackState(c, k, new Date(now)).state).toBe(state);
  });
  it("a call after the clock fired is a late one", () => {
    const late = detail({ timeline: [ev(1, "case.called_back", "村书记", { late: true })] });
    const k = clock({ stoppedAt: h(0.5), firedAt: h(0.5) });
    expect(callbackState(late, k, new Date(h(2)))).toEqual({ state: "doneLate", at: h(1) });
  });
  it("uses the 码上反映 policy's own limit", () => {
    expect(MASHANG_FANYING.callbackLimit).toBe("PT30M");
  });
});

describe("the live tag", () => {
  it.each([
    ["on track", detail(), h(10), "blue"],
    ["past the warn point", detail(), h(19), "yellow"],
    ["past the step's deadline", detail(), h(25), "red"],
    ["paused: never red by time", detail({ status: "paused", pausedAt: h(2) }), h(500), "blue"],
    ["a missed deadline stays red", detail({ missedDeadline: true }), h(1), "red"],
    ["a failed first mediation", detail({ failedMediation: true }), h(1), "red"],
  ] as const)("%s → %s", (_n, c, now, warning) => {
    expect(liveWarning(c, new Date(now))).toBe(warning);
  });
});
