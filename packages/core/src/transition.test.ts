import { describe, expect, it } from "vitest";
import { MASHANG_FANYING, XINFANG } from "./citizen-policies";
import { SIJI_QITIAN } from "./policy";
import {
  andThen,
  CALLBACK_KIND,
  type CaseCause,
  type CaseFields,
  type CaseRef,
  caseTransition,
  effectiveWarning,
  isOpen,
  isRunning,
  newCaseTransition,
  stepLevel,
  type Transition,
} from "./transition";
import { CASE_STATUSES, type CaseState, initialCaseState, STATUS_NAMES } from "./workflow";

const T0 = new Date("2026-03-02T01:00:00Z");
const H = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * H);
const cal = { counting: "calendar" as const };
const REF: CaseRef = {
  id: "c1",
  code: "620702-260302-0000011",
  regionCode: "620702100201001",
  regionPath: "62.6207.620702.620702100.620702100201.620702100201001",
  hasPhone: true,
};

function fresh(policy = SIJI_QITIAN, hasPhone = true): Transition {
  return newCaseTransition({
    ref: { ...REF, hasPhone },
    policy,
    calendar: cal,
    now: T0,
    highRisk: false,
    submitted: { code: REF.code, channel: "qr" },
    qr: policy.callbackLimit ? { event: { place: "三组" }, notice: { place: "三组" } } : undefined,
  });
}

function apply(
  t: { state: CaseState; fields: CaseFields },
  cause: CaseCause,
  now: Date,
  policy = SIJI_QITIAN,
) {
  return caseTransition({ ref: REF, state: t.state, fields: t.fields, cause, policy, calendar: cal, now });
}
const cmd = (command: Extract<CaseCause, { type: "command" }>["command"]): CaseCause => ({
  type: "command",
  command,
  actorId: "u1",
});

describe("small facts named once", () => {
  it.each(CASE_STATUSES.map((s) => [s]))("%s has a name in zh and en", (s) => {
    expect(STATUS_NAMES[s].zh).not.toBe("");
    expect(STATUS_NAMES[s].en).not.toBe("");
  });
  it.each([
    ["submitted", true, true],
    ["accepted", true, true],
    ["mediating", true, true],
    ["paused", true, false],
    ["resolved", false, false],
    ["closed", false, false],
  ])("%s: open %s, running %s", (s, open, running) => {
    expect(isOpen(s)).toBe(open);
    expect(isRunning(s)).toBe(running);
  });
  it.each([
    [1, "grid"],
    [2, "village"],
    [3, "center"],
    [4, "township"],
    [5, "county"],
  ])("step %i is held at %s", (step, level) => {
    expect(stepLevel(SIJI_QITIAN, step)).toBe(level);
  });
});

describe("intake", () => {
  it("a new case starts step 1 and the overall clock and tells the grid", () => {
    const t = fresh();
    expect(t.state.step).toBe(1);
    expect(t.fields.stepDueAt).toEqual(at(24));
    expect(t.fields.overallDueAt).toEqual(at(7 * 24));
    expect(t.clockOps.map((o) => (o.op === "start" ? o.clock.kind : o.op))).toEqual(["step", "overall"]);
    expect(t.events.map((e) => e.type)).toEqual(["case.submitted"]);
    expect(t.notices[0]?.payload).toMatchObject({ level: "grid", targetRegion: REF.regionCode });
  });
  it.each([
    [true, ["step", "overall", CALLBACK_KIND]],
    [false, ["step", "overall"]],
  ])("a 码上反映 case with a phone %s starts the callback clock: %j", (hasPhone, kinds) => {
    const t = fresh(MASHANG_FANYING, hasPhone);
    expect(t.clockOps.map((o) => (o.op === "start" ? o.clock.kind : o.op))).toEqual(kinds);
    expect(t.events.map((e) => e.type)).toEqual(["case.submitted", "case.qr_received"]);
    const notice = t.notices.find((n) => n.topic === "case.callback_required");
    expect(notice?.payload.callbackDueAt).toBe(hasPhone ? at(0.5).toISOString() : null);
    expect(t.fields.callbackDueAt).toEqual(hasPhone ? at(0.5) : null);
    const sms = t.notices.find((n) => n.topic === "sms.case_received");
    expect(sms?.payload.to).toBe(hasPhone ? "reporter" : undefined);
  });
  it("a high-risk case is red from the start", () => {
    const t = newCaseTransition({
      ref: REF,
      policy: SIJI_QITIAN,
      calendar: cal,
      now: T0,
      highRisk: true,
      submitted: {},
    });
    expect(t.fields.warning).toBe("red");
  });
});

describe("commands", () => {
  it("accept assigns the actor when nobody holds the case", () => {
    const t = apply(fresh(), cmd({ type: "accept" }), at(1));
    expect(t.state.status).toBe("accepted");
    expect(t.fields.assigneeId).toBe("u1");
  });
  it("escalate stops the step clock, starts the next one now and tells the village", () => {
    const t = apply(fresh(), cmd({ type: "escalate", reason: "复杂", auto: false }), at(2));
    expect(t.state.step).toBe(2);
    expect(t.fields.stepDueAt).toEqual(at(2 + 48));
    expect(t.clockOps[0]).toEqual({ op: "stop", kinds: ["step"] });
    expect(t.notices[0]?.payload).toMatchObject({ level: "village", step: 2, why: "复杂" });
  });
  it("escalate to a chosen step skips rungs: the clock and the notice are that step's", () => {
    const t = apply(fresh(), cmd({ type: "escalate", reason: "跨村纠纷", auto: false, toStep: 3 }), at(2));
    expect(t.state.step).toBe(3);
    expect(t.fields.stepDueAt).toEqual(at(2 + 48));
    expect(t.clockOps.filter((o) => o.op === "start").map((o) => o.op === "start" && o.clock.basis)).toEqual([
      "siji-qitian:huizhen",
    ]);
    expect(t.notices[0]?.payload).toMatchObject({ level: "center", step: 3 });
  });
  it("pause then resume moves every deadline by the paused time", () => {
    const c = fresh();
    const paused = apply(c, cmd({ type: "pause", reason: "当事人外出" }), at(2));
    expect(paused.fields.pausedAt).toEqual(at(2));
    expect(paused.clockOps).toEqual([{ op: "pause" }]);
    const resumed = apply(paused, cmd({ type: "resume" }), at(12));
    expect(resumed.fields.stepDueAt).toEqual(at(24 + 10));
    expect(resumed.fields.overallDueAt).toEqual(at(7 * 24 + 10));
    expect(resumed.fields.pausedAt).toBeNull();
  });
  it("信访: resume leaves the statutory deadline where it was — a pause stops only the ladder", () => {
    const registered = apply(
      fresh(XINFANG),
      { type: "procedure", events: [], deadline: { dueAt: at(15 * 24), warnAt: at(10 * 24) } },
      at(1),
      XINFANG,
    );
    const paused = apply(registered, cmd({ type: "pause", reason: "当事人外出" }), at(2), XINFANG);
    const resumed = apply(paused, cmd({ type: "resume" }), at(50), XINFANG);
    expect([resumed.fields.stepDueAt, resumed.fields.stepWarnAt]).toEqual([at(15 * 24), at(10 * 24)]);
    expect(resumed.clockOps).toEqual([{ op: "resume" }]);
  });
  it.each([
    ["resolve", { type: "resolve", summary: "达成协议" }, "resolvedAt"],
    ["reject", { type: "reject", reason: "不属于受理范围" }, "closedAt"],
    ["refer", { type: "refer", reason: "引导诉讼", to: "法院" }, "closedAt"],
  ] as const)("%s stops the ladder's clocks and stamps %s", (_n, command, stamp) => {
    const accepted = apply(fresh(), cmd({ type: "accept" }), at(1));
    const t = apply(accepted, cmd(command), at(3));
    expect(t.clockOps).toContainEqual({ op: "stop", kinds: ["step", "overall"] });
    expect(t.fields[stamp]).toEqual(at(3));
    expect(t.fields.stepDueAt).toBeNull();
    expect(t.fields.warning).toBe("blue");
  });
  it("a failed first mediation turns the case red at once", () => {
    const accepted = apply(fresh(), cmd({ type: "accept" }), at(1));
    const t = apply(accepted, cmd({ type: "recordMediation", success: false, summary: "未达成" }), at(2));
    expect(t.fields.warning).toBe("red");
  });
  it("an illegal command is refused, not applied", () => {
    expect(() => apply(fresh(), cmd({ type: "resolve", summary: "x" }), at(1))).toThrow(
      expect.objectContaining({ code: "INVALID_TRANSITION" }),
    );
  });
});

describe("the sweep", () => {
  const due = (kind: string, step: number | null, dueAt: Date, id = "k1"): CaseCause => ({
    type: "clocksDue",
    clocks: [{ id, kind, step, dueAt }],
  });

  it("an overdue step escalates by itself; the next clock starts when the last ran out", () => {
    const t = apply(fresh(), due("step", 1, at(24)), at(30));
    expect(t.state.step).toBe(2);
    expect(t.fields.stepDueAt).toEqual(at(24 + 48));
    expect(t.fields.missedDeadline).toBe(true);
    expect(t.fields.warning).toBe("red");
    expect(t.events.map((e) => e.type)).toEqual(["case.escalated", "case.warning_changed"]);
    expect(t.events[0]?.data).toMatchObject({ auto: true, fromStep: 1, toStep: 2, dueAt: at(24) });
    expect(t.clockOps[0]).toEqual({ op: "fire", clockId: "k1" });
  });
  it("the last step never escalates by itself: it turns red and says so", () => {
    let t: Transition = fresh();
    for (const step of [1, 2, 3]) t = apply(t, due("step", step, t.fields.stepDueAt as Date), at(200));
    expect(t.state.step).toBe(4);
    const last = apply(t, due("step", 4, t.fields.stepDueAt as Date), at(200));
    expect(last.state.step).toBe(4);
    expect(last.events.map((e) => e.type)).toEqual(["case.step_overdue"]);
    expect(last.notices[0]?.topic).toBe("case.overdue");
  });
  it("a stale step clock (the case moved on) is spent and does nothing", () => {
    const escalated = apply(fresh(), cmd({ type: "escalate", reason: "复杂", auto: false }), at(2));
    const t = apply(escalated, due("step", 1, at(24)), at(25));
    expect(t.state.step).toBe(2);
    expect(t.events).toEqual([]);
    expect(t.clockOps).toEqual([{ op: "fire", clockId: "k1" }]);
  });
  it("the overall clock turns the case red", () => {
    const t = apply(fresh(), due("overall", null, at(168)), at(168));
    expect(t.events.map((e) => e.type)).toEqual(["case.overall_overdue", "case.warning_changed"]);
    expect(t.fields.warning).toBe("red");
  });
  it("a missed callback alerts village and township and turns the case red", () => {
    const t = apply(fresh(MASHANG_FANYING), due(CALLBACK_KIND, null, at(0.5)), at(0.6), MASHANG_FANYING);
    expect(t.state.step).toBe(1);
    expect(t.events.map((e) => e.type)).toEqual(["case.callback_overdue", "case.warning_changed"]);
    expect(t.notices[0]?.payload).toMatchObject({ notify: ["village", "township"] });
    expect(t.fields.warning).toBe("red");
    expect(t.fields).toMatchObject({ callbackDueAt: null, callbackMissed: true });
    const called = apply(
      t,
      { type: "calledBack", reached: true, note: "已联系", late: true },
      at(1),
      MASHANG_FANYING,
    );
    expect(called.fields.callbackMissed).toBe(false);
  });
  it("a settled case's clocks are spent silently", () => {
    const accepted = apply(fresh(), cmd({ type: "accept" }), at(1));
    const resolved = apply(accepted, cmd({ type: "resolve", summary: "好了" }), at(2));
    const t = apply(resolved, due(CALLBACK_KIND, null, at(0.5)), at(3));
    expect(t.events).toEqual([]);
    expect(t.fields.warning).toBe("blue");
  });
  it("a deleted policy does not wedge the sweep", () => {
    const c = fresh();
    const t = caseTransition({
      ref: REF,
      ...c,
      cause: due("step", 1, at(24)),
      policy: null,
      calendar: cal,
      now: at(30),
    });
    expect(t.state.step).toBe(1);
    expect(t.clockOps).toEqual([{ op: "fire", clockId: "k1" }]);
  });
  it("the warn point turns the case yellow, once", () => {
    const t = apply(fresh(), { type: "clocksWarn", clockIds: ["k1"] }, at(19));
    expect(t.fields.warning).toBe("yellow");
    expect(t.events.map((e) => e.type)).toEqual(["case.warning_changed"]);
    const again = apply(t, { type: "clocksWarn", clockIds: ["k1"] }, at(20));
    expect(again.events).toEqual([]);
  });
});

describe("citizens and the record", () => {
  const resolvedQr = () => {
    const accepted = apply(fresh(MASHANG_FANYING), cmd({ type: "accept" }), at(1), MASHANG_FANYING);
    return apply(accepted, cmd({ type: "resolve", summary: "好了" }), at(2), MASHANG_FANYING);
  };
  it("满意 records the rating and nothing else", () => {
    const t = apply(
      resolvedQr(),
      { type: "rated", rating: "satisfied", comment: "" },
      at(3),
      MASHANG_FANYING,
    );
    expect(t.state.status).toBe("resolved");
    expect(t.events.map((e) => e.type)).toEqual(["case.rated"]);
  });
  it("不满意 reopens with the citizen's words, a fresh ladder and a new callback", () => {
    const t = apply(
      resolvedQr(),
      { type: "rated", rating: "dissatisfied", comment: "没解决" },
      at(3),
      MASHANG_FANYING,
    );
    expect(t.state.status).toBe("accepted");
    expect(t.events.map((e) => e.type)).toEqual(["case.rated", "case.reopened"]);
    expect(t.events[1]?.data.reason).toContain("没解决");
    expect(t.clockOps.flatMap((o) => (o.op === "start" ? [o.clock.kind] : []))).toEqual([
      "step",
      "overall",
      CALLBACK_KIND,
    ]);
    expect(t.notices.map((n) => n.topic)).toContain("case.reopened_by_citizen");
  });
  it("回电 stops the callback clock and leaves the ladder alone", () => {
    const t = apply(
      fresh(MASHANG_FANYING),
      { type: "calledBack", reached: true, note: "已联系", late: false },
      at(0.2),
    );
    expect(t.clockOps).toEqual([{ op: "stop", kinds: [CALLBACK_KIND] }]);
    expect(t.state.step).toBe(1);
  });
  it("a recorded fact is one event with its notices", () => {
    const notice = { topic: "case.open311_update", payload: { code: REF.code } };
    const t = apply(
      fresh(),
      { type: "recorded", event: "case.open311_update", data: { x: 1 }, notices: [notice] },
      at(1),
    );
    expect(t.events).toEqual([{ type: "case.open311_update", at: at(1), data: { x: 1 } }]);
    expect(t.notices).toEqual([notice]);
    expect(t.clockOps).toEqual([]);
  });
});

describe("effectiveWarning", () => {
  const base = fresh();
  it.each([
    [10, "blue"],
    [18, "yellow"],
    [24, "red"],
  ])("at hour %i of a one-day step: %s", (h, w) => {
    expect(effectiveWarning(base.state, base.fields, at(h))).toBe(w);
  });
  it("a paused case never goes red by time and stays the colour it had when paused", () => {
    const paused = apply(base, cmd({ type: "pause", reason: "外出" }), at(2));
    expect(effectiveWarning(paused.state, paused.fields, at(500))).toBe("blue");
  });
  it("a settled case is blue", () => {
    const s = { ...initialCaseState(4), status: "closed" as const };
    expect(effectiveWarning(s, { ...base.fields, highRisk: true }, at(500))).toBe("blue");
  });
});

describe("回访 ratings kept on the case", () => {
  const resolved = () =>
    apply(apply(fresh(), cmd({ type: "accept" }), at(1)), cmd({ type: "resolve", summary: "已化解" }), at(2));
  it("the last rating is a field of the case; 不满意 reopens it", () => {
    const happy = apply(resolved(), { type: "rated", rating: "satisfied", comment: "" }, at(3));
    expect(happy.fields.rating).toBe("satisfied");
    const unhappy = apply(resolved(), { type: "rated", rating: "dissatisfied", comment: "没解决" }, at(3));
    expect(unhappy.fields.rating).toBe("dissatisfied");
    expect(unhappy.state.status).not.toBe("resolved");
  });
  it("信访: 不满意 is kept without reopening (the petitioner asks for 复查, 《信访工作条例》第三十五条)", () => {
    const t = apply(
      resolved(),
      { type: "rated", rating: "dissatisfied", comment: "", reopens: false },
      at(3),
    );
    expect(t.fields.rating).toBe("dissatisfied");
    expect(t.state.status).toBe("resolved");
    expect(t.events.map((e) => e.type)).toEqual(["case.rated"]);
  });
});

describe("procedures on the case (tasks, summons, petitions …)", () => {
  const procedure = (red: boolean): CaseCause => ({
    type: "procedure",
    events: [{ type: "task.overdue", at: at(30), data: { taskId: "t1" } }],
    clockOps: [{ op: "stop", kinds: ["task.reply"], subjectId: "t1" }],
    notices: [{ topic: "task.red_notice", payload: { taskId: "t1" } }],
    red,
  });
  it("a procedure's events, clocks and notices go on the case's one path", () => {
    const t = apply(fresh(), procedure(false), at(2));
    expect(t.events.map((e) => e.type)).toEqual(["task.overdue"]);
    expect(t.clockOps).toEqual([{ op: "stop", kinds: ["task.reply"], subjectId: "t1" }]);
    expect(t.notices.map((n) => n.topic)).toEqual(["task.red_notice"]);
    expect(t.fields.warning).toBe("blue");
  });
  it("a missed procedure deadline turns an open case red and says so; a settled case stays blue", () => {
    const t = apply(fresh(), procedure(true), at(2));
    expect(t.fields.missedDeadline).toBe(true);
    expect(t.events.map((e) => e.type)).toEqual(["task.overdue", "case.warning_changed"]);
    const accepted = apply(fresh(), cmd({ type: "accept" }), at(1));
    const resolved = apply(accepted, cmd({ type: "resolve", summary: "已化解" }), at(1));
    const after = apply(resolved, procedure(true), at(2));
    expect(after.fields.missedDeadline).toBe(false);
    expect(after.fields.warning).toBe("blue");
  });
  it("a procedure's own deadline (信访) becomes the one an open case is held to: sorted, counted and coloured by it", () => {
    const deadline = { dueAt: at(10), warnAt: at(5) };
    const t = apply(fresh(), { type: "procedure", events: [], deadline }, at(6));
    expect([t.fields.stepDueAt, t.fields.stepWarnAt]).toEqual([at(10), at(5)]);
    expect(t.fields.warning).toBe("yellow");
    // Nothing owed (the petitioner's window runs): no deadline, not the ladder's backstop.
    const none = apply(t, { type: "procedure", events: [], deadline: { dueAt: null, warnAt: null } }, at(7));
    expect([none.fields.stepDueAt, none.fields.stepWarnAt, none.fields.warning]).toEqual([
      null,
      null,
      "blue",
    ]);
    // A cause without one leaves the case's deadline alone; a settled case takes none.
    expect(apply(t, procedure(false), at(7)).fields.stepDueAt).toEqual(at(10));
    const resolved = apply(
      apply(fresh(), cmd({ type: "accept" }), at(1)),
      cmd({ type: "resolve", summary: "已化解" }),
      at(1),
    );
    expect(apply(resolved, { type: "procedure", events: [], deadline }, at(2)).fields.stepDueAt).toBeNull();
  });
  it("a risk warning that reddens turns an open case red (高风险) with its reason on the timeline", () => {
    const hit = { rule: "words", why: { zh: "风险词：讨薪", en: "Risk words: 讨薪" } };
    const t = apply(fresh(), { type: "risk", hits: [hit] }, at(2));
    expect(t.fields.highRisk).toBe(true);
    expect(t.fields.warning).toBe("red");
    expect(t.events.map((e) => [e.type, e.data])).toEqual([
      ["case.risk_flagged", { rule: "words", why: hit.why }],
      ["case.warning_changed", { from: "blue", to: "red" }],
    ]);
    // Already red for a risk: a second hit is recorded, the colour does not change twice.
    const again = apply(
      t,
      { type: "risk", hits: [{ rule: "group", why: { zh: "群体", en: "group" } }] },
      at(3),
    );
    expect(again.events.map((e) => e.type)).toEqual(["case.risk_flagged"]);
    // A settled case is not reddened by a late evaluation.
    const resolved = apply(
      apply(fresh(), cmd({ type: "accept" }), at(1)),
      cmd({ type: "resolve", summary: "已化解" }),
      at(1),
    );
    const late = apply(resolved, { type: "risk", hits: [hit] }, at(2));
    expect(late.fields.highRisk).toBe(false);
    expect(late.events).toEqual([]);
  });
  it("andThen: two causes on one case in one change add up", () => {
    const first = apply(
      fresh(),
      { type: "clocksDue", clocks: [{ id: "k1", kind: "step", step: 1, dueAt: at(24) }] },
      at(25),
    );
    const both = andThen(first, {
      ref: REF,
      cause: procedure(false),
      policy: SIJI_QITIAN,
      calendar: cal,
      now: at(25),
    });
    expect(both.state.step).toBe(2);
    expect(both.events.map((e) => e.type)).toEqual([
      "case.escalated",
      "case.warning_changed",
      "task.overdue",
    ]);
    expect(both.clockOps[0]).toEqual({ op: "fire", clockId: "k1" });
  });
});
