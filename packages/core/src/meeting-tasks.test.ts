import { describe, expect, it } from "vitest";
import { addDuration, localDate } from "./calendar";
import { assertTaskable, decisionTaskedCause, taskDaysFor } from "./meeting-tasks";
import { decisionDue } from "./meetings-effects";

const cal = { counting: "working" as const };
const settings = { decisionWorkingDays: 5, reminderWorkingDays: 1, maxAgenda: 20 };

describe("a decision's deadline becomes the task's working days", () => {
  it.each([
    // held at, decision's working days, task given at, task days, task due (local day)
    ["2026-09-30T02:00:00Z", 2, "2026-09-30T03:00:00Z", 2, "2026-10-09"], // National Day 10-01…07
    ["2026-11-02T02:00:00Z", 5, "2026-11-02T06:00:00Z", 5, "2026-11-09"],
    ["2026-11-02T02:00:00Z", 5, "2026-11-04T02:00:00Z", 3, "2026-11-09"], // given two days later
  ] as const)("held %s with %i working days, given %s → %i days, due %s", (held, n, given, days, due) => {
    const d = decisionDue(
      new Date(held),
      {
        id: "d",
        text: "x",
        ownerUnitId: "u",
        ownerUserId: null,
        ownerName: "u",
        caseIds: ["c"],
        workingDays: n,
      },
      settings,
      cal,
    );
    const got = taskDaysFor(new Date(given), d.dueAt, cal);
    expect(got).toBe(days);
    expect(localDate(addDuration(new Date(given), `P${got}D`, cal).due)).toBe(due);
  });

  it("a deadline already past still gives the task one working day", () => {
    expect(taskDaysFor(new Date("2026-11-10T02:00:00Z"), new Date("2026-11-01T16:00:00Z"), cal)).toBe(1);
  });
});

describe("which decisions may become tasks", () => {
  const ok = { status: "open", ownerUnitId: "u1", taskId: null, caseIds: ["c1"] };
  it.each([
    ["an open unit decision of a held meeting", ok, "held", null],
    ["a planned meeting", ok, "planned", "INVALID_TRANSITION"],
    ["a done decision", { ...ok, status: "done" }, "held", "INVALID_TRANSITION"],
    ["one already a task", { ...ok, taskId: "t1" }, "held", "INVALID_TRANSITION"],
    ["a person's decision", { ...ok, ownerUnitId: null }, "held", "INVALID_TRANSITION"],
    ["a decision about two cases", { ...ok, caseIds: ["c1", "c2"] }, "held", "INVALID_TRANSITION"],
  ] as const)("%s", (_, d, state, code) => {
    const run = () => assertTaskable({ ...d, caseIds: [...d.caseIds] }, state);
    if (code) expect(run).toThrow(expect.objectContaining({ code }));
    else expect(run).not.toThrow();
  });
});

it("the case's timeline says so and the decision's follow-up clock stops", () => {
  const now = new Date("2026-11-02T06:00:00Z");
  const c = decisionTaskedCause({
    meeting: { id: "m1", kind: "consultation", title: "土地纠纷会诊" },
    decision: { id: "d1", text: "核实承包地边界" },
    task: { id: "t1", unitName: "县自然资源局", dueAt: new Date("2026-11-09T16:00:00Z") },
    now,
  });
  expect(c.events[0]).toMatchObject({
    type: "meeting.decision_tasked",
    data: { unit: "县自然资源局", taskId: "t1" },
  });
  expect(c.clockOps).toEqual([{ op: "stop", kinds: ["meeting.followup"], subjectId: "d1" }]);
});
