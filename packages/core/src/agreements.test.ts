import { describe, expect, it } from "vitest";
import {
  type AgreementState,
  followupDue,
  lastPerformanceDate,
  recordFollowup,
  requireEditable,
  signAgreement,
  statusMatterOf,
} from "./agreements";
import type { CalendarOptions } from "./calendar";
import { isAppError } from "./errors";
import { MEDIATION_DEFAULTS } from "./mediation";
import type { ClockOp } from "./transition";

const cal: CalendarOptions = { counting: "calendar" };
const cst = (wall: string) => new Date(`${wall}+08:00`);
const endOfDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
const draft = (n = 2): AgreementState => ({
  id: "a1",
  status: "draft",
  signatures: Array.from({ length: n }, () => null),
  effectiveAt: null,
  performance: null,
});
const terms = [
  { what: "支付工资 8000 元", how: "银行转账", where: "村委会", by: "2026-09-20" },
  { what: "支付余款 4000 元", how: "现金", where: "村委会", by: "2026-09-28" },
];
const sign = (
  a: AgreementState,
  party: number,
  signed = true,
  o: { confirmable?: boolean; caseStatus?: "mediating" | "resolved" } = {},
) =>
  signAgreement(a, {
    party,
    signed,
    on: "2026-09-10",
    partyName: `p${party}`,
    terms,
    confirmable: o.confirmable ?? true,
    handingId: "h1",
    caseStatus: o.caseStatus ?? "mediating",
    actorId: "u1",
    now: cst("2026-09-10T15:00"),
    settings: MEDIATION_DEFAULTS,
    calendar: cal,
  });
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return e.code;
    throw e;
  }
  return null;
};
const started = (ops: ClockOp[] | undefined) =>
  (ops ?? []).flatMap((o) => (o.op === "start" ? [o.clock] : []));

describe("signing the 调解协议书 (《人民调解法》第二十九条: effective when every party has signed)", () => {
  it("one signature leaves it a draft that can no longer be edited", () => {
    const r = sign(draft(), 0);
    expect(r.state.status).toBe("draft");
    expect(r.causes).toHaveLength(1);
    expect(code(() => requireEditable(r.state))).toBe("INVALID_TRANSITION");
    expect(code(() => requireEditable(draft()))).toBeNull();
  });

  it("the last signature makes it effective: term stops, follow-up and 司法确认 window start, case resolved", () => {
    const r = sign(sign(draft(), 0).state, 1);
    expect(r.state).toMatchObject({ status: "effective", performance: "pending" });
    const proc = r.causes[0];
    expect(proc?.type === "procedure" && proc.events.map((e) => e.type)).toEqual([
      "agreement.signed",
      "agreement.effective",
    ]);
    expect(proc?.type === "procedure" && proc.clockOps?.[0]).toEqual({
      op: "stop",
      kinds: ["mediation.term"],
      subjectId: "h1",
    });
    const clocks = started(proc?.type === "procedure" ? proc.clockOps : []);
    expect(clocks.map((c) => c.kind)).toEqual(["agreement.followup", "jc.apply"]);
    expect(r.causes[1]).toMatchObject({ type: "command", command: { type: "resolve" } });
  });

  it("《人民调解法》第三十一条 follow-up: 3 days after the last performance date 09-28 is 10-01 (National Day) → 10-08", () => {
    const r = sign(sign(draft(), 0).state, 1);
    const follow = started(r.causes[0]?.type === "procedure" ? r.causes[0].clockOps : [])[0];
    expect(endOfDay(follow?.dueAt as Date)).toBe("2026-10-08");
    expect(lastPerformanceDate(terms)).toBe("2026-09-28");
  });

  it("an agreement a court may not confirm opens no 司法确认 window; a settled case is not resolved again", () => {
    const r = sign(sign(draft(), 0).state, 1, true, { confirmable: false, caseStatus: "resolved" });
    const clocks = started(r.causes[0]?.type === "procedure" ? r.causes[0].clockOps : []);
    expect(clocks.map((c) => c.kind)).toEqual(["agreement.followup"]);
    expect(r.causes).toHaveLength(1);
  });

  it.each([
    ["a refusal ends the agreement", (a: AgreementState) => sign(a, 0, false).state.status, "refused"],
    [
      "the same party cannot sign twice",
      (a: AgreementState) => code(() => sign(sign(a, 0).state, 0)),
      "INVALID_TRANSITION",
    ],
    ["no such party", (a: AgreementState) => code(() => sign(a, 5)), "INVALID_INPUT"],
    [
      "a refused agreement takes no signature",
      (a: AgreementState) => code(() => sign(sign(a, 0, false).state, 1)),
      "INVALID_TRANSITION",
    ],
  ])("%s", (_n, f, expected) => {
    expect(f(draft())).toBe(expected);
  });
});

describe("履行回访 (《人民调解法》第三十一条)", () => {
  const effective = () => sign(sign(draft(), 0).state, 1).state;
  const o = (caseStatus: "resolved" | "mediating") => ({
    caseStatus,
    actorId: "u1",
    now: cst("2026-10-09T10:00"),
  });

  it.each([
    ["honoured → done, clock stopped", { honoured: true, note: "" } as const, "resolved", "honoured", []],
    [
      "not honoured, reopen → the case reopens",
      { honoured: false, next: "reopen", note: "未付余款" } as const,
      "resolved",
      "breached",
      ["reopen"],
    ],
    [
      "not honoured, litigate → reopened then referred to court",
      { honoured: false, next: "litigate", note: "拒不履行" } as const,
      "resolved",
      "breached",
      ["reopen", "refer"],
    ],
    [
      "not honoured while the case is open → referred directly",
      { honoured: false, next: "litigate", note: "拒不履行" } as const,
      "mediating",
      "breached",
      ["refer"],
    ],
  ] as const)("%s", (_n, input, caseStatus, performance, commands) => {
    const r = recordFollowup(effective(), input, o(caseStatus));
    expect(r.state.performance).toBe(performance);
    expect(r.causes[0]?.type === "procedure" && r.causes[0].clockOps).toEqual([
      { op: "stop", kinds: ["agreement.followup"], subjectId: "a1" },
    ]);
    expect(r.causes.slice(1).map((c) => (c.type === "command" ? c.command.type : c.type))).toEqual(commands);
    expect(code(() => recordFollowup(r.state, input, o(caseStatus)))).toBe("INVALID_TRANSITION");
  });

  it("the follow-up clock running out marks it due and tells the room", () => {
    const r = followupDue(effective(), cst("2026-10-09T00:00"));
    expect(r.state.performance).toBe("due");
    expect(r.cause.notices?.[0]?.topic).toBe("agreement.followup_due");
    expect(r.cause.red).toBeUndefined();
  });
});

describe("what an agreement settles about status", () => {
  it.each([
    ["labour", undefined, "none"],
    ["marriage_family", "none", "none"],
    ["marriage_family", "marriage", "marriage"],
    ["marriage_family", undefined, "INVALID_INPUT"],
  ] as const)("%s with %s → %s", (category, given, expected) => {
    const got = code(() => statusMatterOf(category, given)) ?? statusMatterOf(category, given);
    expect(got).toBe(expected);
  });
});
