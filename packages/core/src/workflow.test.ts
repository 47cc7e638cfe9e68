import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isAppError } from "./errors";
import {
  allowedCommands,
  CASE_STATUSES,
  type CaseCommand,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
  decide,
  escalationTargets,
  initialCaseState,
  needsCurrentVersion,
} from "./workflow";
import { replay } from "./workflow.replay";

const NOW = new Date("2025-06-01T02:00:00Z");

const SAMPLE: { [K in CaseCommandType]: Extract<CaseCommand, { type: K }> } = {
  accept: { type: "accept" },
  note: { type: "note", text: "入户了解情况" },
  startMediation: { type: "startMediation" },
  recordMediation: { type: "recordMediation", success: false, summary: "双方未达成一致" },
  pause: { type: "pause", reason: "等待当事人返乡" },
  resume: { type: "resume" },
  escalate: { type: "escalate", reason: "涉及宅基地确权", auto: false },
  resolve: { type: "resolve", summary: "达成调解协议" },
  close: { type: "close" },
  reject: { type: "reject", reason: "不属于受理范围" },
  merge: { type: "merge", intoCode: "GZ-2025-000123" },
  refer: { type: "refer", reason: "引导诉讼", to: "甘州区人民法院" },
  reopen: { type: "reopen", reason: "回访不满意" },
  assign: { type: "assign", unitId: "unit-1", userId: null },
};
const COMMAND_TYPES = Object.keys(SAMPLE) as CaseCommandType[];

/** The expected table, written out by hand so it checks TRANSITIONS instead of echoing it. */
const ALLOWED: Record<CaseStatus, CaseCommandType[]> = {
  submitted: ["accept", "note", "pause", "escalate", "reject", "merge", "refer", "assign"],
  accepted: [
    "note",
    "startMediation",
    "recordMediation",
    "pause",
    "escalate",
    "resolve",
    "reject",
    "merge",
    "refer",
    "assign",
  ],
  mediating: ["note", "recordMediation", "pause", "escalate", "resolve", "merge", "refer", "assign"],
  paused: ["note", "resume", "assign"],
  resolved: ["note", "close", "reopen", "assign"],
  closed: ["note", "reopen"],
};

const ROUTE: Record<CaseStatus, CaseCommandType[]> = {
  submitted: [],
  accepted: ["accept"],
  mediating: ["accept", "startMediation"],
  paused: ["accept", "pause"],
  resolved: ["accept", "resolve"],
  closed: ["accept", "resolve", "close"],
};

function run(commands: CaseCommand[], stepCount = 4): { state: CaseState; events: CaseEvent[] } {
  let state = initialCaseState(stepCount);
  const events: CaseEvent[] = [];
  for (const c of commands) {
    const r = decide(state, c, NOW);
    state = r.state;
    events.push(...r.events);
  }
  return { state, events };
}
const stateIn = (status: CaseStatus) => run(ROUTE[status].map((t) => SAMPLE[t])).state;

describe("transition table", () => {
  const rows = CASE_STATUSES.flatMap((s) =>
    COMMAND_TYPES.map((c) => [s, c, ALLOWED[s].includes(c)] as const),
  );

  it.each(rows)("%s + %s → allowed: %s", (status, type, allowed) => {
    const state = stateIn(status);
    expect(state.status).toBe(status);
    expect(allowedCommands(state).includes(type)).toBe(allowed);
    if (allowed) {
      expect(decide(state, SAMPLE[type], NOW).events).toHaveLength(1);
    } else {
      expect(() => decide(state, SAMPLE[type], NOW)).toThrow(
        expect.objectContaining({ code: "INVALID_TRANSITION" }),
      );
    }
  });
});

describe("needsCurrentVersion", () => {
  // Only a note commutes with whatever else happened to the case since its sender opened it.
  it.each(Object.keys(SAMPLE).map((t) => [t, t !== "note"] as const))("%s: %s", (type, needed) => {
    expect(needsCurrentVersion(type as CaseCommandType)).toBe(needed);
  });
});

describe("decide", () => {
  it.each<[string, CaseCommand[], Partial<CaseState>]>([
    ["starts submitted at step 1", [], { status: "submitted", step: 1, outcome: null }],
    ["resolve records the step", [SAMPLE.accept, SAMPLE.escalate, SAMPLE.resolve], { settledStep: 2 }],
    [
      "close keeps the outcome",
      ROUTE.closed.map((t) => SAMPLE[t]),
      { status: "closed", outcome: "resolved" },
    ],
    ["reject", [SAMPLE.reject], { status: "closed", outcome: "rejected", settledStep: null }],
    ["merge", [SAMPLE.accept, SAMPLE.merge], { status: "closed", outcome: "merged" }],
    ["refer", [SAMPLE.accept, SAMPLE.startMediation, SAMPLE.refer], { outcome: "referred" }],
    [
      "failed 首调 turns red",
      [SAMPLE.accept, SAMPLE.startMediation, SAMPLE.recordMediation],
      {
        failedMediation: true,
        mediationAttempts: 1,
        status: "mediating",
      },
    ],
    [
      "success alone does not resolve",
      [SAMPLE.accept, SAMPLE.startMediation, { ...SAMPLE.recordMediation, success: true }],
      {
        failedMediation: false,
        status: "mediating",
      },
    ],
    [
      "pause remembers",
      [SAMPLE.accept, SAMPLE.startMediation, SAMPLE.pause],
      { status: "paused", pausedFrom: "mediating" },
    ],
    [
      "resume returns",
      [SAMPLE.accept, SAMPLE.startMediation, SAMPLE.pause, SAMPLE.resume],
      {
        status: "mediating",
        pausedFrom: null,
      },
    ],
    [
      "reopen clears",
      [...ROUTE.closed.map((t) => SAMPLE[t]), SAMPLE.reopen],
      {
        status: "accepted",
        outcome: null,
        settledStep: null,
        reopenCount: 1,
      },
    ],
    ["上交 beyond the township by hand", Array(4).fill(SAMPLE.escalate), { step: 5 }],
    ["auto escalation to the last step", Array(3).fill({ ...SAMPLE.escalate, auto: true }), { step: 4 }],
    ["escalation to a chosen step", [{ ...SAMPLE.escalate, toStep: 3 }], { step: 3 }],
    ["a chosen 上交 from step 1", [{ ...SAMPLE.escalate, toStep: 5 }], { step: 5 }],
    ["a chosen next step is a plain escalation", [{ ...SAMPLE.escalate, toStep: 2 }], { step: 2 }],
  ])("%s", (_name, commands, expected) => {
    expect(run(commands).state).toMatchObject(expected);
  });

  it.each<[string, CaseCommand[], CaseCommand, string]>([
    [
      "auto escalation at the last step",
      Array(3).fill(SAMPLE.escalate),
      { ...SAMPLE.escalate, auto: true },
      "INVALID_TRANSITION",
    ],
    ["escalation beyond 上交", Array(4).fill(SAMPLE.escalate), SAMPLE.escalate, "INVALID_TRANSITION"],
    ["a chosen step beyond 上交", [], { ...SAMPLE.escalate, toStep: 6 }, "INVALID_TRANSITION"],
    [
      "a chosen step that is not up",
      [SAMPLE.escalate],
      { ...SAMPLE.escalate, toStep: 2 },
      "INVALID_TRANSITION",
    ],
    [
      "a chosen step down",
      [SAMPLE.escalate, SAMPLE.escalate],
      { ...SAMPLE.escalate, toStep: 1 },
      "INVALID_TRANSITION",
    ],
    ["a fractional step", [], { ...SAMPLE.escalate, toStep: 2.5 }, "INVALID_TRANSITION"],
    ["blank reject reason", [], { type: "reject", reason: "  " }, "INVALID_INPUT"],
    ["blank note", [], { type: "note", text: "" }, "INVALID_INPUT"],
    ["blank refer target", [], { type: "refer", reason: "诉讼", to: " " }, "INVALID_INPUT"],
    ["blank pause reason", [], { type: "pause", reason: "" }, "INVALID_INPUT"],
    [
      "reject after mediation began",
      [SAMPLE.accept, SAMPLE.startMediation],
      SAMPLE.reject,
      "INVALID_TRANSITION",
    ],
  ])("refuses %s", (_name, before, command, code) => {
    const { state } = run(before);
    expect(() => decide(state, command, NOW)).toThrow(expect.objectContaining({ code }));
  });

  it("names the command and the status in both languages", () => {
    try {
      decide(initialCaseState(4), SAMPLE.close, NOW);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.messages.en).toMatch(/close.*submitted/);
      expect(isAppError(e) && e.messages.zh).toMatch(/待受理.*close/);
    }
  });

  it.each<[CaseCommandType, string]>([
    ["accept", "case.accepted"],
    ["note", "case.noted"],
    ["escalate", "case.escalated"],
    ["reject", "case.rejected"],
    ["assign", "case.assigned"],
  ])("%s writes %s with its payload", (type, eventType) => {
    const { events } = decide(initialCaseState(4), SAMPLE[type], NOW);
    const { type: _t, ...payload } = SAMPLE[type];
    expect(events).toEqual([{ type: eventType, at: NOW, data: expect.objectContaining(payload) }]);
  });

  it("escalation events carry the step change", () => {
    const { events } = decide(initialCaseState(4), SAMPLE.escalate, NOW);
    expect(events[0]?.data).toMatchObject({ fromStep: 1, toStep: 2, auto: false, reason: "涉及宅基地确权" });
  });

  it("refuses an invalid step count", () => {
    expect(() => initialCaseState(0)).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("replay", () => {
  it("ignores events the workflow does not produce", () => {
    const { state, events } = run([SAMPLE.accept]);
    const extra: CaseEvent = { type: "contact.revealed", at: NOW, data: {} };
    expect(replay(4, [extra, ...events])).toEqual(state);
  });

  it("refuses a malformed event", () => {
    expect(() => replay(4, [{ type: "case.noted", at: NOW, data: {} }])).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });
});

const text = fc.constantFrom("原因", " ", "");
const arbCommand: fc.Arbitrary<CaseCommand> = fc.oneof(
  fc.constant<CaseCommand>({ type: "accept" }),
  text.map((t): CaseCommand => ({ type: "note", text: t })),
  fc.constant<CaseCommand>({ type: "startMediation" }),
  fc.boolean().map((success): CaseCommand => ({ type: "recordMediation", success, summary: "经过" })),
  text.map((reason): CaseCommand => ({ type: "pause", reason })),
  fc.constant<CaseCommand>({ type: "resume" }),
  fc.boolean().map((auto): CaseCommand => ({ type: "escalate", reason: "超时", auto })),
  fc.constant<CaseCommand>({ type: "resolve", summary: "已调解" }),
  fc.constant<CaseCommand>({ type: "close" }),
  text.map((reason): CaseCommand => ({ type: "reject", reason })),
  fc.constant<CaseCommand>({ type: "merge", intoCode: "C-1" }),
  fc.constant<CaseCommand>({ type: "refer", reason: "诉讼", to: "法院" }),
  text.map((reason): CaseCommand => ({ type: "reopen", reason })),
  fc.option(fc.constant("u1")).map((unitId): CaseCommand => ({ type: "assign", unitId, userId: null })),
);

function checkInvariants(s: CaseState): void {
  expect(s.status !== "closed" || s.outcome !== null).toBe(true);
  expect(s.status !== "resolved" || (s.settledStep !== null && s.outcome === "resolved")).toBe(true);
  expect(s.status === "paused").toBe(s.pausedFrom !== null);
  expect(s.step).toBeGreaterThanOrEqual(1);
  expect(s.step).toBeLessThanOrEqual(s.stepCount + 1);
  expect(["resolved", "closed"].includes(s.status) || s.outcome === null).toBe(true);
}

describe("properties", () => {
  it("no command sequence reaches an illegal state, and the timeline replays to it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(arbCommand, { maxLength: 40 }), (n, commands) => {
        let state = initialCaseState(n);
        const events: CaseEvent[] = [];
        for (const c of commands) {
          const listed = allowedCommands(state).includes(c.type);
          try {
            const r = decide(state, c, NOW);
            expect(listed).toBe(true);
            state = r.state;
            events.push(...r.events);
          } catch (e) {
            expect(isAppError(e)).toBe(true);
            if (!listed) expect(isAppError(e) && e.code).toBe("INVALID_TRANSITION");
          }
          checkInvariants(state);
        }
        expect(replay(n, events)).toEqual(state);
        expect(replay(n, JSON.parse(JSON.stringify(events)))).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });
});

describe("escalationTargets", () => {
  const LADDER = ["grid", "village", "center", "township"];
  it.each<[string, number, string[], ReturnType<typeof escalationTargets>]>([
    ["grid worker at the grid: next only", 1, ["grid"], { next: 2, takeOver: null, above: null, max: 2 }],
    ["village cadre on a grid case", 1, ["village"], { next: 2, takeOver: 2, above: 3, max: 3 }],
    ["village cadre on its own step", 2, ["village"], { next: 3, takeOver: null, above: null, max: 3 }],
    ["center staff on a grid case", 1, ["center", "county"], { next: 2, takeOver: 3, above: 4, max: 4 }],
    ["township leader: up to 上交", 1, ["township", "beyond"], { next: 2, takeOver: 4, above: 5, max: 5 }],
    ["township leader at 拍板", 4, ["township", "beyond"], { next: 5, takeOver: null, above: null, max: 5 }],
    ["leader without a rung", 2, [], { next: 3, takeOver: null, above: null, max: 3 }],
  ])("%s", (_name, step, levels, expected) => {
    expect(escalationTargets({ step, stepCount: 4 }, LADDER, levels)).toEqual(expected);
  });
});
