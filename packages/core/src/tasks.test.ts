import { describe, expect, it } from "vitest";
import { localDate } from "./calendar";
import {
  DEFAULT_TASK_SETTINGS,
  dispatchTask,
  TASK_RED,
  TASK_REPLY,
  TASK_SIGN,
  type Task,
  type TaskCommand,
  type TaskStatus,
  taskTransition,
} from "./tasks";

const cal = { counting: "working" as const };
// 2026-09-30 10:00 Beijing, the eve of National Day.
const T0 = new Date("2026-09-30T02:00:00Z");
const H = 3_600_000;

function given(o: { days?: number; counting?: "working" | "calendar"; at?: Date } = {}) {
  return dispatchTask(
    {
      id: "t1",
      caseId: "c1",
      caseCode: "620702-260930-0000011",
      unit: { id: "u1", name: "县自然资源局" },
      role: "lead",
      instructions: "核实承包地边界",
      days: o.days,
      counting: o.counting,
    },
    DEFAULT_TASK_SETTINGS,
    o.at ?? T0,
    cal,
  );
}

describe("dispatch: deadlines on the working-day calendar", () => {
  it.each([
    // [given at, days, counting, reply due (Beijing date), sign due (Beijing date)]
    ["2026-09-30T02:00:00Z", 2, "working", "2026-10-09", "2026-10-08"], // National Day 10-01…07
    ["2026-09-30T02:00:00Z", 2, "calendar", "2026-10-02", "2026-10-08"], // calendar days run through
    ["2026-03-06T02:00:00Z", 1, "working", "2026-03-09", "2026-03-09"], // Friday → Monday
    ["2026-10-09T02:00:00Z", 1, "working", "2026-10-10", "2026-10-10"], // 调休 Saturday 10-10 is worked
  ] as const)("given %s with %i %s days: reply due %s, sign due %s", (at, days, counting, reply, sign) => {
    const { task } = given({ days, counting, at: new Date(at) });
    expect(localDate(task.dueAt)).toBe(reply);
    expect(localDate(task.signDueAt)).toBe(sign);
  });

  it("without days the default reply deadline (5 working days) applies", () => {
    const { task } = given();
    expect(task.days).toBe(5);
    // 10-08, 10-09, 10-10 (调休 Saturday), 10-12, 10-13
    expect(localDate(task.dueAt)).toBe("2026-10-13");
  });

  it("starts a sign and a reply clock tied to the task, and tells the unit", () => {
    const { cause } = given({ days: 2 });
    expect(cause.clockOps.map((o) => (o.op === "start" ? [o.clock.kind, o.clock.subjectId] : o.op))).toEqual([
      [TASK_SIGN, "t1"],
      [TASK_REPLY, "t1"],
    ]);
    expect(cause.events[0]).toMatchObject({
      type: "task.dispatched",
      data: { unitName: "县自然资源局", role: "lead" },
    });
    expect(cause.notices[0]).toMatchObject({
      topic: "task.notice",
      payload: { what: "dispatched", unitId: "u1" },
    });
    const start = cause.clockOps[0];
    expect(start?.op === "start" && start.clock.basis).toContain("本县交办督办工作办法");
  });
});

const withStatus = (status: TaskStatus): Task => ({ ...given().task, status });

describe("commands by state", () => {
  const commands: Record<string, TaskCommand> = {
    sign: { type: "sign" },
    answer: { type: "answer", result: "已核实并调整边界", evidenceIds: [] },
    return: { type: "return", reason: "不属于本单位职责" },
    cancel: { type: "cancel", reason: "当事人已和解" },
  };
  // [from, command, to | "refused"]
  it.each([
    ["dispatched", "sign", "signed"],
    ["dispatched", "answer", "answered"],
    ["dispatched", "return", "returned"],
    ["dispatched", "cancel", "cancelled"],
    ["signed", "sign", "refused"],
    ["signed", "answer", "answered"],
    ["signed", "return", "returned"],
    ["signed", "cancel", "cancelled"],
    ["answered", "answer", "refused"],
    ["answered", "return", "refused"],
    ["answered", "cancel", "refused"],
    ["returned", "sign", "refused"],
    ["returned", "answer", "refused"],
    ["cancelled", "sign", "refused"],
  ] as const)("%s + %s → %s", (from, name, to) => {
    const command = commands[name] as TaskCommand;
    const run = () => taskTransition(withStatus(from), command, T0, cal);
    if (to === "refused") expect(run).toThrow(/INVALID_TRANSITION|not allowed/i);
    else expect(run().task.status).toBe(to);
  });

  it.each([
    ["answer", [TASK_SIGN, TASK_REPLY, TASK_RED]],
    ["return", [TASK_SIGN, TASK_REPLY, TASK_RED]],
    ["cancel", [TASK_SIGN, TASK_REPLY, TASK_RED]],
    ["sign", [TASK_SIGN]],
  ] as const)("%s stops the clocks %j of this task only", (name, kinds) => {
    const { cause } = taskTransition(withStatus("dispatched"), commands[name] as TaskCommand, T0, cal);
    expect(cause.clockOps).toEqual([{ op: "stop", kinds, subjectId: "t1" }]);
  });

  it("a late signature and a late answer say so in the timeline", () => {
    const late = new Date(T0.getTime() + 30 * 24 * H);
    const s = taskTransition(withStatus("dispatched"), { type: "sign" }, late, cal);
    expect(s.cause.events[0]).toMatchObject({ type: "task.signed", data: { late: true } });
    const a = taskTransition(s.task, commands.answer as TaskCommand, late, cal);
    expect(a.cause.events[0]).toMatchObject({ type: "task.answered", data: { late: true } });
    expect(a.task.answeredAt).toEqual(late);
  });
});

describe("clocks: 催办, yellow then red 督办单", () => {
  const clk = (kind: string, on: "warn" | "due", dueAt: Date) => ({
    type: "clock" as const,
    kind,
    on,
    dueAt,
  });

  it("warn point → 催办 reminder to the unit, state unchanged", () => {
    const { task } = given({ days: 2 });
    const r = taskTransition(task, clk(TASK_REPLY, "warn", task.dueAt), T0, cal);
    expect(r.task).toEqual(task);
    expect(r.cause.events[0]).toMatchObject({ type: "task.reminded", data: { stage: "reply" } });
    expect(r.cause.notices[0]).toMatchObject({ payload: { what: "reminder" } });
  });

  it("sign deadline passes → yellow, red clock 2 working days later; then red turns the case red", () => {
    const { task } = given({ days: 2 });
    const now = task.signDueAt;
    const y = taskTransition(task, clk(TASK_SIGN, "due", task.signDueAt), now, cal);
    expect(y.task).toMatchObject({ supervision: "yellow", overdueStage: "sign" });
    expect(y.cause.red).toBe(false);
    const red = y.cause.clockOps[0];
    expect(red?.op === "start" && red.clock.kind).toBe(TASK_RED);
    // signed due 10-08 (Thu) + 2 working days → 10-10 (调休 Saturday) is a working day
    expect(red?.op === "start" && localDate(red.clock.dueAt)).toBe("2026-10-10");
    const r = taskTransition(y.task, clk(TASK_RED, "due", new Date()), now, cal);
    expect(r.task.supervision).toBe("red");
    expect(r.cause.red).toBe(true);
    expect(r.cause.events[0]).toMatchObject({
      type: "task.supervised",
      data: { level: "red", stage: "sign" },
    });
  });

  it("reply overdue after a yellow for signing: no second yellow, an overdue event", () => {
    const { task } = given({ days: 2 });
    const y = taskTransition(task, clk(TASK_SIGN, "due", task.signDueAt), task.signDueAt, cal);
    const o = taskTransition(y.task, clk(TASK_REPLY, "due", task.dueAt), task.dueAt, cal);
    expect(o.task).toMatchObject({ supervision: "yellow", overdueStage: "reply" });
    expect(o.cause.clockOps).toEqual([]);
    expect(o.cause.events[0]?.type).toBe("task.overdue");
  });

  it("signing after a yellow for signing cancels the pending red", () => {
    const { task } = given({ days: 2 });
    const y = taskTransition(task, clk(TASK_SIGN, "due", task.signDueAt), task.signDueAt, cal);
    const s = taskTransition(y.task, { type: "sign" }, task.signDueAt, cal);
    expect(s.cause.clockOps).toContainEqual({ op: "stop", kinds: [TASK_RED], subjectId: "t1" });
    expect(s.task.supervision).toBe("yellow"); // the record of the notice stays
  });

  it.each([
    ["signed", TASK_SIGN, "due"],
    ["answered", TASK_REPLY, "due"],
    ["answered", TASK_REPLY, "warn"],
    ["returned", TASK_RED, "due"],
    ["cancelled", TASK_SIGN, "warn"],
  ] as const)("a stale clock (%s, %s %s) changes nothing", (status, kind, on) => {
    const task = withStatus(status);
    const r = taskTransition(task, clk(kind, on, T0), T0, cal);
    expect(r.task).toEqual(task);
    expect(r.cause.events).toEqual([]);
  });
});
