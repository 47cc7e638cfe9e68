import { describe, expect, it } from "vitest";
import type { CalendarOptions } from "./calendar";
import { XINFANG } from "./citizen-policies";
import { matterKey, repeatVerdict } from "./petition-repeat";
import {
  DEFAULT_PETITION_RULES,
  decidePetition,
  newPetition,
  type PetitionCommand,
  type PetitionContext,
  type PetitionState,
  petitionClockDue,
  petitionDeadline,
} from "./petitions";
import { parsePolicy } from "./policy";

const cal: CalendarOptions = { counting: "calendar" };
/** An instant given as Asia/Shanghai wall time. */
const cst = (wall: string) => new Date(`${wall}+08:00`);
/** A statutory period ends at 24:00 Shanghai of its last day. */
const endOf = (date: string) => new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000);
const ctxAt = (now: Date): PetitionContext => ({
  rules: DEFAULT_PETITION_RULES,
  calendar: cal,
  now,
  subjectId: "00000000-0000-4000-8000-0000000000aa",
});

/** Drives a petition from registration through the given steps, each at its own time. */
function run(steps: [string, PetitionCommand][], registeredAt = "2026-01-05T09:00"): PetitionState {
  let state = newPetition(ctxAt(cst(registeredAt)), 1).state;
  for (const [at, command] of steps) state = decidePetition(state, command, ctxAt(cst(at))).state;
  return state;
}
const accept: PetitionCommand = { type: "accept" };
const reply: PetitionCommand = { type: "reply", result: "reject", opinion: "不予支持" };
const extend = (days: number): PetitionCommand => ({
  type: "extend",
  days,
  reason: "情况复杂",
  approvedBy: "王主任",
});

describe("statutory deadlines of 《信访工作条例》, with the holiday rule (start day not counted, a last day off moves on)", () => {
  it.each<[string, () => PetitionState, string]>([
    ["第二十二条 15日 to register and decide: ordinary", () => run([], "2026-03-02T10:00"), "2026-03-17"],
    ["第二十二条 15日: lands on 国庆 2026-10-05 → 10-08", () => run([], "2026-09-20T10:00"), "2026-10-08"],
    ["第二十二条 15日: lands on 春节 2026-02-16 → 02-24", () => run([], "2026-02-01T10:00"), "2026-02-24"],
    [
      "第三十四条 60日 to handle after acceptance: lands on 国庆 10-02 → 10-08",
      () => run([["2026-08-03T09:00", accept]], "2026-07-30T09:00"),
      "2026-10-08",
    ],
    [
      "第三十四条 60日 + 30日 extension: 90 days from acceptance, lands on 国庆 10-02 → 10-08",
      () =>
        run(
          [
            ["2026-07-04T09:00", accept],
            ["2026-08-01T09:00", extend(30)],
          ],
          "2026-07-01T09:00",
        ),
      "2026-10-08",
    ],
    [
      "第三十五条 30日 to request 复查 after the reply: lands on 春节 02-15 → 02-24",
      () =>
        run([
          ["2026-01-06T09:00", accept],
          ["2026-01-16T09:00", reply],
        ]),
      "2026-02-24",
    ],
    [
      "第三十五条 30日 to decide 复查: lands on the 调休 Saturday 02-14, a working day: stays",
      () =>
        run([
          ["2026-01-06T09:00", accept],
          ["2026-01-10T09:00", reply],
          ["2026-01-15T09:00", { type: "requestReview", note: "" }],
        ]),
      "2026-02-14",
    ],
    [
      "第三十五条 30日 + 30日 (local extension) to decide 复查: day 60 is 春节 02-15 → 02-24",
      () =>
        run(
          [
            ["2025-12-10T09:00", accept],
            ["2025-12-12T09:00", reply],
            ["2025-12-17T09:00", { type: "requestReview", note: "" }],
            ["2025-12-20T09:00", extend(30)],
          ],
          "2025-12-05T09:00",
        ),
      "2026-02-24",
    ],
    [
      "第三十六条 30日 to request 复核 after the 复查 decision: lands on 国庆 10-05 → 10-08",
      () =>
        run(
          [
            ["2026-08-03T09:00", accept],
            ["2026-08-10T09:00", reply],
            ["2026-08-20T09:00", { type: "requestReview", note: "" }],
            ["2026-09-05T09:00", { type: "decideReview", result: "reject", opinion: "维持" }],
          ],
          "2026-08-01T09:00",
        ),
      "2026-10-08",
    ],
    [
      "第三十六条 30日 to decide 复核: lands on the 调休 Saturday 2026-10-10: stays",
      () =>
        run(
          [
            ["2026-08-03T09:00", accept],
            ["2026-08-10T09:00", reply],
            ["2026-08-20T09:00", { type: "requestReview", note: "" }],
            ["2026-09-05T09:00", { type: "decideReview", result: "reject", opinion: "维持" }],
            ["2026-09-10T09:00", { type: "requestRecheck", note: "" }],
          ],
          "2026-08-01T09:00",
        ),
      "2026-10-10",
    ],
    [
      "第三十六条 30日 + 30日 (local extension) to decide 复核: day 60 is 国庆 10-05 → 10-08",
      () =>
        run(
          [
            ["2026-07-02T09:00", accept],
            ["2026-07-10T09:00", reply],
            ["2026-07-20T09:00", { type: "requestReview", note: "" }],
            ["2026-08-01T09:00", { type: "decideReview", result: "reject", opinion: "维持" }],
            ["2026-08-06T09:00", { type: "requestRecheck", note: "" }],
            ["2026-08-07T09:00", extend(30)],
          ],
          "2026-07-01T09:00",
        ),
      "2026-10-08",
    ],
  ])("%s", (_name, drive, last) => {
    expect(drive().dueAt?.toISOString()).toBe(endOf(last).toISOString());
  });

  it("each deadline carries its article as its basis", () => {
    expect(run([]).basis).toBe("《信访工作条例》第二十二条：15日");
    expect(run([["2026-01-06T09:00", accept]]).basis).toBe("《信访工作条例》第三十四条：60日");
    expect(
      run([
        ["2026-01-06T09:00", accept],
        ["2026-01-07T09:00", extend(20)],
      ]).basis,
    ).toBe("《信访工作条例》第三十四条：60日，延长20日");
  });
});

describe("petition steps", () => {
  const handling = () => run([["2026-01-06T09:00", accept]]);

  it("acceptance accepts the case, sends the acceptance notice and starts the 60-day clock", () => {
    const reg = newPetition(ctxAt(cst("2026-01-05T09:00")), 1).state;
    const d = decidePetition(reg, accept, ctxAt(cst("2026-01-06T09:00")));
    expect(d.state.stage).toBe("handling");
    expect(d.caseCommand).toEqual({ type: "accept" });
    expect(d.letter).toBe("acceptance");
    expect(d.clockOps.map((o) => (o.op === "start" ? o.clock.kind : o.op))).toEqual([
      "stop",
      "petition.handle",
    ]);
    expect(d.events[0]?.type).toBe("petition.accepted");
  });

  it("不予受理 closes the case as rejected with the reason, and sends the 不予受理告知书", () => {
    const reg = newPetition(ctxAt(cst("2026-01-05T09:00")), 1).state;
    const d = decidePetition(
      reg,
      { type: "notAccept", reason: "属于诉讼程序", channel: "向人民法院起诉" },
      ctxAt(cst("2026-01-06T09:00")),
    );
    expect(d.state.stage).toBe("not_accepted");
    expect(d.caseCommand).toEqual({ type: "reject", reason: "不予受理：属于诉讼程序" });
    expect(d.letter).toBe("non_acceptance");
    expect(d.state.dueAt).toBeNull();
  });

  it("第三十四条: extended only once", () => {
    const once = decidePetition(handling(), extend(10), ctxAt(cst("2026-01-07T09:00"))).state;
    expect(() => decidePetition(once, extend(10), ctxAt(cst("2026-01-08T09:00")))).toThrow(
      /already extended once/,
    );
  });

  it("第三十四条: by at most 30 days", () => {
    expect(() => decidePetition(handling(), extend(31), ctxAt(cst("2026-01-07T09:00")))).toThrow(
      /1 to 30 days/,
    );
  });

  it("an extension after the period ran out is refused", () => {
    expect(() => decidePetition(handling(), extend(10), ctxAt(cst("2026-03-30T09:00")))).toThrow(
      /already run out/,
    );
  });

  it("a 复查 request after its 30 days is refused", () => {
    const replied = run([
      ["2026-01-06T09:00", accept],
      ["2026-01-16T09:00", reply],
    ]);
    expect(() =>
      decidePetition(replied, { type: "requestReview", note: "" }, ctxAt(cst("2026-02-25T09:00"))),
    ).toThrow(/period for this request/);
  });

  it("复核 decided concludes the petition; nothing further is taken", () => {
    const done = run([
      ["2026-01-06T09:00", accept],
      ["2026-01-10T09:00", reply],
      ["2026-01-12T09:00", { type: "requestReview", note: "" }],
      ["2026-01-20T09:00", { type: "decideReview", result: "reject", opinion: "维持" }],
      ["2026-01-22T09:00", { type: "requestRecheck", note: "" }],
      ["2026-01-30T09:00", { type: "decideRecheck", result: "reject", opinion: "维持" }],
    ]);
    expect(done.stage).toBe("concluded");
    expect(done.dueAt).toBeNull();
    expect(() =>
      decidePetition(done, { type: "requestRecheck", note: "" }, ctxAt(cst("2026-02-01T09:00"))),
    ).toThrow();
  });

  it("a missed office deadline turns the case red; a lapsed request window makes the opinion final", () => {
    const h = handling();
    const due = petitionClockDue(h, "petition.handle", h.dueAt as Date, cst("2026-03-20T00:00"));
    expect(due).toMatchObject({ red: true, state: { overdue: true, stage: "handling" } });
    expect(due.events[0]?.type).toBe("petition.overdue");
    const replied = run([
      ["2026-01-06T09:00", accept],
      ["2026-01-16T09:00", reply],
    ]);
    const lapsed = petitionClockDue(
      replied,
      "petition.review_request",
      replied.dueAt as Date,
      cst("2026-02-25T00:00"),
    );
    expect(lapsed).toMatchObject({ red: false, state: { stage: "final" } });
    // A clock of a stage already left behind changes nothing.
    expect(petitionClockDue(replied, "petition.handle", new Date(), new Date()).events).toEqual([]);
  });

  it("≥ 5 petitioners on one matter is a group petition (集体访), red by default", () => {
    const now = cst("2026-01-05T09:00");
    expect(newPetition(ctxAt(now), 4)).toMatchObject({ group: false, highRisk: false });
    expect(newPetition(ctxAt(now), 5)).toMatchObject({ group: true, highRisk: true });
  });

  it("the xinfang policy carries the defaults and validates", () => {
    expect(parsePolicy(XINFANG).petition).toEqual(DEFAULT_PETITION_RULES);
    expect(DEFAULT_PETITION_RULES).toMatchObject({
      registerDays: 15,
      handleDays: 60,
      handleExtendMaxDays: 30,
      repeatWindowDays: 90,
      groupThreshold: 5,
    });
  });
});

describe("repeat petitions and the 第三十六条 bar", () => {
  const now = cst("2026-06-01T09:00");
  const earlier = (over: Partial<Parameters<typeof repeatVerdict>[0][number]>) => ({
    caseCode: "620702-260101-0000011",
    stage: "replied" as const,
    createdAt: cst("2026-04-01T09:00"),
    samePerson: false,
    sameMatter: false,
    sameCategory: false,
    ...over,
  });
  it.each<[string, Parameters<typeof repeatVerdict>[0], string]>([
    ["nothing earlier: new", [], "new"],
    ["same person within 90 days: repeat", [earlier({ samePerson: true })], "repeat"],
    ["same matter within 90 days: repeat", [earlier({ sameMatter: true })], "repeat"],
    [
      "same person 100 days ago: new",
      [earlier({ samePerson: true, createdAt: cst("2026-02-20T09:00") })],
      "new",
    ],
    [
      "same matter concluded after 复核, long ago: refused",
      [earlier({ sameMatter: true, stage: "concluded", createdAt: cst("2025-01-01T09:00") })],
      "concluded",
    ],
    [
      "same person, same category, concluded: refused",
      [earlier({ samePerson: true, sameCategory: true, stage: "concluded" })],
      "concluded",
    ],
    [
      "same person, another category, concluded: a repeat, not refused",
      [earlier({ samePerson: true, stage: "concluded" })],
      "repeat",
    ],
  ])("%s", (_n, list, kind) => {
    expect(repeatVerdict(list, now, 90).kind).toBe(kind);
  });

  it("one matter whatever the spaces, punctuation and width", () => {
    expect(matterKey("梁家墩村 土地补偿款。")).toBe(matterKey("梁家墩村土地补偿款"));
    expect(matterKey("ＡＢＣ 工资")).toBe("abc工资");
  });
});

describe("the deadline a petition's case is held to (lists, 超期, colour)", () => {
  const warnDays = DEFAULT_PETITION_RULES.warnDaysBefore;
  const before = (d: Date, days: number) => new Date(d.getTime() - days * 86_400_000);
  it.each<[string, () => PetitionState, { due: Date; warn: Date | null } | null]>([
    [
      "registered: the 15 days to decide, warned before",
      () => run([], "2026-03-02T10:00"),
      {
        due: endOf("2026-03-17"),
        warn: before(endOf("2026-03-17"), warnDays),
      },
    ],
    [
      "handling: the 60 days from acceptance (05-03 is 劳动节 → 05-06)",
      () => run([["2026-03-04T09:00", accept]], "2026-03-02T10:00"),
      {
        due: endOf("2026-05-06"),
        warn: before(endOf("2026-05-06"), warnDays),
      },
    ],
    [
      "replied: the petitioner's 复查 window is no duty of the office",
      () =>
        run(
          [
            ["2026-03-04T09:00", accept],
            ["2026-03-10T09:00", reply],
          ],
          "2026-03-02T10:00",
        ),
      null,
    ],
    [
      "overdue: the missed deadline is kept",
      () => ({ ...run([], "2026-03-02T10:00"), overdue: true }),
      {
        due: endOf("2026-03-17"),
        warn: before(endOf("2026-03-17"), warnDays),
      },
    ],
  ])("%s", (_n, state, want) => {
    const d = petitionDeadline(state(), DEFAULT_PETITION_RULES);
    expect(d).toEqual(want ? { dueAt: want.due, warnAt: want.warn } : { dueAt: null, warnAt: null });
  });
  it("is the deadline and warn point of the clock the stage started", () => {
    const first = newPetition(ctxAt(cst("2026-03-02T10:00")), 1);
    const clock = first.clockOps.find((op) => op.op === "start");
    expect(clock?.op === "start" && [clock.clock.dueAt, clock.clock.warnAt]).toEqual([
      petitionDeadline(first.state, DEFAULT_PETITION_RULES).dueAt,
      petitionDeadline(first.state, DEFAULT_PETITION_RULES).warnAt,
    ]);
  });
});
