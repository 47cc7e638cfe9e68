import { describe, expect, it } from "vitest";
import { type Action, can, type MediationResource } from "./access";
import type { CalendarOptions } from "./calendar";
import { isAppError } from "./errors";
import {
  handToRoom,
  MEDIATION_DEFAULTS,
  sessionCauses,
  type TSessionInput,
  termOverdue,
  ZMediationSettings,
} from "./mediation";
import type { Actor, Role } from "./roles";
import { type CaseCause, caseTransition } from "./transition";

const cal: CalendarOptions = { counting: "calendar" };
const cst = (wall: string) => new Date(`${wall}+08:00`);
const endOfDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);

describe("the mediation term (《人民调解工作若干规定》: 一般在一个月内调结, 30 days as data)", () => {
  it.each([
    ["30日: taken 2026-03-02 → 04-01", "2026-03-02T09:00", "2026-04-01"],
    ["30日: taken 2026-09-01, day 30 is 10-01 (National Day) → 10-08", "2026-09-01T09:00", "2026-10-08"],
    ["30日: taken 2026-01-24, day 30 is 02-23 (Spring Festival) → 02-24", "2026-01-24T09:00", "2026-02-24"],
    ["30日: taken 2026-01-15, day 30 is 02-14 (调休 Saturday) stays", "2026-01-15T09:00", "2026-02-14"],
  ])("%s", (_n, now, end) => {
    const c = handToRoom({
      handingId: "h1",
      room: { id: "r1", name: "热心大姐调解室" },
      previous: null,
      reason: "",
      now: cst(now),
      settings: MEDIATION_DEFAULTS,
      calendar: cal,
    });
    const start = c.clockOps?.find((o) => o.op === "start");
    expect(start?.op === "start" && endOfDay(start.clock.dueAt)).toBe(end);
    expect(start?.op === "start" && start.clock.basis).toContain("一个月");
    expect(c.events[0]).toMatchObject({ type: "mediation.handed", data: { room: "热心大姐调解室" } });
  });

  it("handing to another room stops the previous room's term", () => {
    const c = handToRoom({
      handingId: "h2",
      room: { id: "r2", name: "金融纠纷调解室" },
      previous: { id: "h1" },
      reason: "涉及贷款",
      now: cst("2026-03-02T09:00"),
      settings: MEDIATION_DEFAULTS,
      calendar: cal,
    });
    expect(c.clockOps?.[0]).toEqual({ op: "stop", kinds: ["mediation.term"], subjectId: "h1" });
  });

  it("a term running out turns the case red", () => {
    expect(termOverdue(cst("2026-04-02T00:00"), cst("2026-04-02T00:00"), "室").red).toBe(true);
  });

  it("the defaults are the legal numbers and validate as settings", () => {
    expect(ZMediationSettings.parse(MEDIATION_DEFAULTS)).toEqual({
      termDays: 30,
      followupDays: 3,
      jcApplyDays: 30,
      jcApplyWarnDays: 20,
      jcAcceptDays: 3,
      jcRuleDays: 15,
      jcRuleExtensionDays: 10,
    });
  });
});

const session = (outcome: TSessionInput["outcome"]): TSessionInput => ({
  at: "2026-03-03T10:00:00+08:00",
  place: "综治中心调解室",
  mediatorIds: ["00000000-0000-4000-8000-000000000001"],
  partiesPresent: ["张三", "某公司"],
  minutes: "双方陈述",
  outcome,
});

describe("sessions through the case's own commands", () => {
  it.each([
    ["accepted", "adjourned", ["startMediation"]],
    ["mediating", "adjourned", []],
    ["accepted", "agreement", ["recordMediation:true"]],
    ["mediating", "partial", ["recordMediation:true"]],
    ["mediating", "failed", ["recordMediation:false"]],
  ] as const)("%s case, %s session → %j", (status, outcome, commands) => {
    const causes = sessionCauses({
      status,
      sessionId: "s1",
      room: "室",
      session: session(outcome),
      actorId: "u",
      now: cst("2026-03-03T11:00"),
    });
    const cmds = causes.flatMap((c) =>
      c.type === "command"
        ? [c.command.type === "recordMediation" ? `recordMediation:${c.command.success}` : c.command.type]
        : [],
    );
    expect(cmds).toEqual(commands);
    expect(causes.at(-1)).toMatchObject({
      type: "procedure",
      events: [{ type: "mediation.session_recorded", data: { outcome } }],
    });
  });

  it("a failed first mediation turns the case red (the workflow's rule, kept)", () => {
    const [cmd] = sessionCauses({
      status: "accepted",
      sessionId: "s1",
      room: "室",
      session: session("failed"),
      actorId: "u",
      now: cst("2026-03-03T11:00"),
    }) as [CaseCause];
    const t = caseTransition({
      ref: { id: "c", code: "X", regionCode: "1", regionPath: "1", hasPhone: false },
      state: {
        status: "accepted",
        step: 1,
        stepCount: 4,
        pausedFrom: null,
        failedMediation: false,
        outcome: null,
        settledStep: null,
        mediationAttempts: 0,
        reopenCount: 0,
      },
      fields: {
        warning: "blue",
        stepDueAt: null,
        stepWarnAt: null,
        overallDueAt: null,
        pausedAt: null,
        assignedUnitId: null,
        assigneeId: null,
        mergedInto: null,
        resolvedAt: null,
        closedAt: null,
        highRisk: false,
        missedDeadline: false,
        calendarUnknownYears: [],
        callbackDueAt: null,
        callbackMissed: false,
        rating: null,
      },
      cause: cmd,
      policy: null,
      calendar: cal,
      now: cst("2026-03-03T11:00"),
    });
    expect(t.fields.warning).toBe("red");
  });

  it("a case not being handled cannot be mediated", () => {
    try {
      sessionCauses({
        status: "closed",
        sessionId: "s1",
        room: "室",
        session: session("agreement"),
        actorId: "u",
        now: cst("2026-03-03T11:00"),
      });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe("INVALID_TRANSITION");
    }
  });
});

describe("who may act in a mediation room and on a 司法确认", () => {
  const HOME = "62.6207.620702.620702001";
  const NEIGHBOUR = "62.6207.620702.620702002.620702002001";
  const who = (roles: Role[], unitId: string | null = null): Actor => ({
    userId: "me",
    roles,
    regionPath: HOME,
    unitId,
  });
  const res = (o: Partial<MediationResource> = {}): MediationResource => ({
    regionPath: `${HOME}.620702001001`,
    assignedUnitId: null,
    ...o,
  });
  it.each<[string, Actor, Action, MediationResource, boolean]>([
    ["a mediator in jurisdiction holds sessions", who(["mediator"]), "mediation.handle", res(), true],
    [
      "a mediator of the room, outside jurisdiction",
      who(["mediator"]),
      "mediation.handle",
      res({ regionPath: NEIGHBOUR, roomMediatorIds: ["me"] }),
      true,
    ],
    [
      "a mediator of another room, outside jurisdiction",
      who(["mediator"]),
      "mediation.handle",
      res({ regionPath: NEIGHBOUR, roomMediatorIds: ["other"] }),
      false,
    ],
    ["a leader only reads", who(["leader"]), "mediation.handle", res(), false],
    [
      "the clerk of the court applied to decides",
      who(["department_handler"], "court-1"),
      "jc.decide",
      res({ regionPath: NEIGHBOUR, courtUnitId: "court-1" }),
      true,
    ],
    [
      "a clerk of another court does not",
      who(["department_handler"], "court-2"),
      "jc.decide",
      res({ courtUnitId: "court-1" }),
      false,
    ],
    ["center staff record the court's word in jurisdiction", who(["center_staff"]), "jc.decide", res(), true],
    [
      "center staff of the neighbour township do not",
      who(["center_staff"]),
      "jc.decide",
      res({ regionPath: NEIGHBOUR }),
      false,
    ],
    ["a mediator does not decide for the court", who(["mediator"]), "jc.decide", res(), false],
  ])("%s", (_n, actor, action, resource, allowed) => {
    expect(can(actor, action, resource)).toBe(allowed);
  });
});
