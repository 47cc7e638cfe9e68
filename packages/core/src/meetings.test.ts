import { describe, expect, it } from "vitest";
import type { CalendarOptions } from "./calendar";
import {
  type AgendaCase,
  assertMeetingCan,
  checkConvene,
  checkOutcomes,
  DEFAULT_MEETING_SETTINGS,
  type DecisionDraft,
  decisionDue,
  followupCauses,
  heldCauses,
  type MeetingAction,
  type MeetingKind,
  type MeetingState,
  paibanCommands,
  settledCauses,
  stateAfterSettling,
} from "./meetings";
import type { Role } from "./roles";

const CAL: CalendarOptions = { counting: "calendar", officialCalendar: true };
const COUNTY = "620000.620700.620702";
const TOWNSHIP = `${COUNTY}.620702001`;
const OTHER_TOWNSHIP = `${COUNTY}.620702002`;
const GRID = `${TOWNSHIP}.620702001001.620702001001001`;

const agendaCase = (over: Partial<AgendaCase> = {}): AgendaCase => ({
  id: "c1",
  code: "620702-261130-0000011",
  status: "accepted",
  regionPath: GRID,
  stepLevel: "center",
  ...over,
});

describe("who convenes which meeting, where, on which cases", () => {
  type Row = [string, MeetingKind, Role, string, string, AgendaCase[], string[], string | null];
  const rows: Row[] = [
    [
      "center staff: 会诊 at the township",
      "consultation",
      "center_staff",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase()],
      [],
      null,
    ],
    ["township leader: 要事联商", "liaison", "township_leader", TOWNSHIP, TOWNSHIP, [agendaCase()], [], null],
    [
      "county center: 会诊 at county level",
      "consultation",
      "center_staff",
      COUNTY,
      COUNTY,
      [agendaCase()],
      [],
      null,
    ],
    [
      "a grid worker convenes nothing",
      "consultation",
      "grid_worker",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase()],
      [],
      "FORBIDDEN",
    ],
    [
      "a leader does not hold 会诊",
      "consultation",
      "leader",
      COUNTY,
      COUNTY,
      [agendaCase()],
      [],
      "FORBIDDEN",
    ],
    [
      "neighbour township's region",
      "consultation",
      "center_staff",
      TOWNSHIP,
      OTHER_TOWNSHIP,
      [agendaCase()],
      [],
      "NOT_FOUND_OR_NO_ACCESS",
    ],
    [
      "会诊 is not held at a village",
      "consultation",
      "center_staff",
      TOWNSHIP,
      `${TOWNSHIP}.620702001001`,
      [agendaCase()],
      [],
      "INVALID_INPUT",
    ],
    ["an empty agenda", "consultation", "center_staff", TOWNSHIP, TOWNSHIP, [], [], "INVALID_INPUT"],
    [
      "a case outside the meeting's region",
      "consultation",
      "center_staff",
      COUNTY,
      TOWNSHIP,
      [agendaCase({ regionPath: `${OTHER_TOWNSHIP}.1` })],
      [],
      "INVALID_INPUT",
    ],
    [
      "a settled case",
      "consultation",
      "center_staff",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase({ status: "resolved" })],
      [],
      "INVALID_INPUT",
    ],
    [
      "拍板 by the township leader at step 4",
      "decision",
      "township_leader",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase({ stepLevel: "township" })],
      [],
      null,
    ],
    [
      "拍板 on a case beyond the ladder (上交)",
      "decision",
      "township_leader",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase({ stepLevel: null })],
      [],
      null,
    ],
    [
      "拍板 on a case still at 会诊",
      "decision",
      "township_leader",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase()],
      [],
      "INVALID_INPUT",
    ],
    [
      "center staff cannot 拍板",
      "decision",
      "center_staff",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase({ stepLevel: "township" })],
      [],
      "FORBIDDEN",
    ],
    [
      "拍板 belongs to a township, not the county",
      "decision",
      "township_leader",
      COUNTY,
      COUNTY,
      [agendaCase({ stepLevel: "township" })],
      [],
      "INVALID_INPUT",
    ],
    [
      "府院联动 at the county with the court",
      "court_joint",
      "leader",
      COUNTY,
      COUNTY,
      [agendaCase()],
      ["court", "department"],
      null,
    ],
    [
      "府院联动 without a court",
      "court_joint",
      "leader",
      COUNTY,
      COUNTY,
      [agendaCase()],
      ["department"],
      "INVALID_INPUT",
    ],
    [
      "府院联动 is not held by a township",
      "court_joint",
      "township_leader",
      TOWNSHIP,
      TOWNSHIP,
      [agendaCase()],
      ["court"],
      "INVALID_INPUT",
    ],
  ];
  it.each(rows)("%s", (_name, kind, role, actorPath, meetingPath, agenda, unitKinds, error) => {
    const run = () =>
      checkConvene({
        kind,
        roles: [role],
        actorRegionPath: actorPath,
        meetingRegionPath: meetingPath,
        agenda,
        invitedUnitKinds: unitKinds,
        settings: DEFAULT_MEETING_SETTINGS,
      });
    if (error === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: error }));
  });
});

describe("meeting lifecycle: planned → held → closed | cancelled", () => {
  const rows: [MeetingState, MeetingAction, boolean][] = [
    ["planned", "invite", true],
    ["planned", "hold", true],
    ["planned", "cancel", true],
    ["planned", "settle", false],
    ["held", "settle", true],
    ["held", "hold", false],
    ["held", "cancel", false],
    ["closed", "settle", false],
    ["cancelled", "hold", false],
  ];
  it.each(rows)("%s meeting: %s → allowed %s", (state, action, ok) => {
    const run = () => assertMeetingCan(state, action);
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: "INVALID_TRANSITION" }));
  });

  it.each([
    [[], "closed"],
    [["open"], "held"],
    [["done", "open"], "held"],
    [["done", "dropped"], "closed"],
  ] as const)("decisions %j → meeting %s", (statuses, state) => {
    expect(stateAfterSettling([...statuses])).toBe(state);
  });
});

const draft = (over: Partial<DecisionDraft> = {}): DecisionDraft => ({
  id: "d1",
  text: "自然资源所三日内现场勘界",
  ownerUnitId: "unit-1",
  ownerUserId: null,
  ownerName: "自然资源所",
  caseIds: ["c1", "c2"],
  ...over,
});

describe("decision deadlines (working days on the official calendar, 调休 included)", () => {
  // Beijing 10:00 on the day of the meeting.
  const at = (d: string) => new Date(`${d}T02:00:00Z`);
  // [name, meeting day, decision, last day (due at its 24:00), reminder day (at its 00:00), basis]
  const rows: [string, string, Partial<DecisionDraft>, string, string | null, string][] = [
    [
      "default 5 working days from a Monday",
      "2026-11-30",
      {},
      "2026-12-07",
      "2026-12-07",
      "5个工作日（默认）",
    ],
    [
      "2 working days across National Day 2026 (国办发明电〔2025〕7号)",
      "2026-09-30",
      { workingDays: 2 },
      "2026-10-09",
      "2026-10-09",
      "2个工作日",
    ],
    [
      "a chosen date, due at its 24:00",
      "2026-11-30",
      { dueDate: "2026-12-03" },
      "2026-12-03",
      "2026-12-03",
      "2026-12-03",
    ],
  ];
  it.each(rows)("%s", (_name, held, over, dueDay, warnDay, basis) => {
    const d = decisionDue(at(held), draft(over), DEFAULT_MEETING_SETTINGS, CAL);
    // Due at 24:00 Beijing of the last day (16:00 UTC); the reminder at 00:00 Beijing of that day.
    expect(d.dueAt.toISOString()).toBe(`${dueDay}T16:00:00.000Z`);
    expect(d.warnAt?.toISOString() ?? null).toBe(
      warnDay ? new Date(`${warnDay}T00:00:00+08:00`).toISOString() : null,
    );
    expect(d.basis).toContain(basis);
  });

  it("refuses a date before the meeting", () => {
    expect(() =>
      decisionDue(at("2026-11-30"), draft({ dueDate: "2026-11-29" }), DEFAULT_MEETING_SETTINGS, CAL),
    ).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("拍板: the township's decision is the case's step-4 outcome, on the workflow's own commands", () => {
  const why = "乡镇拍板（土地纠纷拍板会）：按原界桩划界";
  const rows: [string, string, "resolve" | "refer" | "escalate", string | undefined, string[]][] = [
    ["mediating case resolved", "mediating", "resolve", undefined, ["resolve"]],
    [
      "a case nobody took up is accepted, then resolved",
      "submitted",
      "resolve",
      undefined,
      ["accept", "resolve"],
    ],
    ["a paused case is resumed, then resolved", "paused", "resolve", undefined, ["resume", "resolve"]],
    ["referred to the court (引导诉讼)", "accepted", "refer", "人民法庭", ["refer"]],
    ["上交 beyond the township", "mediating", "escalate", undefined, ["escalate"]],
  ];
  it.each(rows)("%s", (_name, status, type, to, commands) => {
    const out = paibanCommands(status, { caseId: "c1", type, text: "按原界桩划界", to }, "土地纠纷拍板会");
    expect(out.map((c) => c.type)).toEqual(commands);
    expect(JSON.stringify(out.at(-1))).toContain(why);
  });
  it("refer needs a destination", () => {
    expect(() => paibanCommands("accepted", { caseId: "c1", type: "refer", text: "诉讼" }, "m")).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });
  it.each([
    ["decision", ["c1", "c2"], ["c1", "c2"], null],
    ["decision", ["c1", "c2"], ["c1"], "INVALID_INPUT"],
    ["decision", ["c1"], ["c1", "c1"], "INVALID_INPUT"],
    ["consultation", ["c1"], [], null],
    ["consultation", ["c1"], ["c1"], "INVALID_INPUT"],
  ] as const)("%s on %j with outcomes for %j → %s", (kind, caseIds, outcomeIds, error) => {
    const run = () =>
      checkOutcomes(
        kind,
        [...caseIds],
        outcomeIds.map((caseId) => ({ caseId, type: "resolve" as const, text: "x" })),
      );
    if (error === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ code: error }));
  });
});

describe("what a meeting does to the cases on its agenda", () => {
  const meeting = { id: "m1", kind: "consultation" as const, title: "土地纠纷会诊" };
  const now = new Date("2026-11-30T02:00:00Z");
  const d1 = decisionDue(now, draft(), DEFAULT_MEETING_SETTINGS, CAL);
  const d2 = decisionDue(
    now,
    draft({ id: "d2", caseIds: ["c2"], ownerName: "村委会" }),
    DEFAULT_MEETING_SETTINGS,
    CAL,
  );

  it("held: each case counts the decisions about it, starts their clocks, each owner told once", () => {
    const causes = heldCauses({
      meeting,
      caseIds: ["c1", "c2"],
      codes: { c1: "A", c2: "B" },
      attendance: ["present", "present", "absent", "excused"],
      decisions: [d1, d2],
      closes: false,
      now,
    });
    expect(causes.get("c1")?.events[0]?.data).toMatchObject({
      decisions: 1,
      present: 2,
      absent: 1,
      excused: 1,
    });
    expect(causes.get("c2")?.events[0]?.data).toMatchObject({ decisions: 2 });
    expect(causes.get("c2")?.clockOps).toHaveLength(2);
    expect(causes.get("c2")?.clockOps?.[0]).toMatchObject({
      op: "start",
      clock: {
        kind: "meeting.followup",
        subjectId: "d1",
        basis: "consultation:会议决定期限：5个工作日（默认）",
      },
    });
    const notices = [...causes.values()].flatMap((c) => c.notices ?? []);
    expect(notices.map((n) => n.payload.decisionId)).toEqual(["d1", "d2"]);
  });

  it("a meeting that decided nothing closes at once", () => {
    const causes = heldCauses({
      meeting,
      caseIds: ["c1"],
      codes: {},
      attendance: [],
      decisions: [],
      closes: true,
      now,
    });
    expect(causes.get("c1")?.events.map((e) => e.type)).toEqual(["meeting.held", "meeting.closed"]);
  });

  it("settled: the decision's clocks stop on each linked case; closing is on every agenda case", () => {
    const causes = settledCauses({
      meeting,
      agendaCaseIds: ["c1", "c2", "c3"],
      decision: d1,
      status: "done",
      result: "已勘界",
      closes: true,
      now,
    });
    expect([...causes.keys()]).toEqual(["c1", "c2", "c3"]);
    expect(causes.get("c3")?.events.map((e) => e.type)).toEqual(["meeting.closed"]);
    expect(causes.get("c1")?.clockOps).toEqual([
      { op: "stop", kinds: ["meeting.followup"], subjectId: "d1" },
    ]);
    expect(causes.get("c1")?.events.map((e) => e.type)).toEqual(["meeting.decision_done", "meeting.closed"]);
  });

  it.each([
    ["due", "meeting.decision_overdue", true, "meeting.decision_overdue"],
    ["warn", "meeting.decision_due_soon", false, "meeting.decision_reminder"],
  ] as const)("clock %s → %s, red %s, notice %s to the owner", (on, event, red, topic) => {
    const later = new Date(d1.dueAt.getTime() + 2 * 86400_000 + 1000);
    const items = [d1, d2].map((d) => ({ caseId: "c2", code: "B", meeting, decision: d }));
    const causes = followupCauses(on, items, later);
    const c = causes.get("c2");
    expect(c?.events.map((e) => e.type)).toEqual([event, event]);
    expect(c?.red).toBe(red);
    expect(c?.notices?.[0]).toMatchObject({ topic, payload: { unitId: "unit-1", code: "B" } });
    if (on === "due") expect(c?.notices?.[0]?.payload.overdueDays).toBe(2);
  });
});
