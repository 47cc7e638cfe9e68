import { describe, expect, it } from "vitest";
import type { CalendarOptions } from "./calendar";
import { SERVICE_CODES } from "./categories";
import {
  DEFAULT_CENTER_CLOCKS,
  DEFAULT_SERVICE_ROUTES,
  decideReferral,
  decideSummons,
  dockingOf,
  parseServiceFields,
  referralAckDue,
  routeOf,
  SERVICE_FORMS,
  summonsAckDue,
  ticketDay,
  ticketLabel,
  ZCenterClocks,
} from "./center";

const WORKING: CalendarOptions = { counting: "working" };
const at = (s: string) => new Date(s);

describe("取号: ticket numbers per center, per day, per service", () => {
  it.each([
    ["petition", 1, "A001"],
    ["petition", 12, "A012"],
    ["mediation", 7, "B007"],
    ["supervision", 999, "G999"],
    ["legal", 1000, "C1000"],
  ] as const)("%s no. %i → %s", (service, n, label) => {
    expect(ticketLabel(service, n)).toBe(label);
  });

  it("every service has its own letter", () => {
    expect(new Set(SERVICE_CODES.map((s) => ticketLabel(s, 1)[0])).size).toBe(SERVICE_CODES.length);
  });

  it.each([0, -1, 1.5])("refuses number %s", (n) => {
    expect(() => ticketLabel("petition", n)).toThrow();
  });

  it.each([
    // Numbering restarts at midnight Beijing time, not UTC.
    ["2026-12-01T15:59:59Z", "2026-12-01"],
    ["2026-12-01T16:00:00Z", "2026-12-02"],
    ["2026-12-01T00:30:00+08:00", "2026-12-01"],
  ])("the ticket day of %s is %s", (now, day) => {
    expect(ticketDay(at(now))).toBe(day);
  });
});

describe("seven services: short forms and default routes as data", () => {
  it("each service has a form and a default route at the center (会诊, step 3)", () => {
    for (const s of SERVICE_CODES) {
      expect(SERVICE_FORMS[s]).toBeDefined();
      expect(DEFAULT_SERVICE_ROUTES[s].step).toBe(3);
    }
  });

  it("the first service chosen decides the route; an administrator's route replaces the default", () => {
    expect(routeOf(["fast_trial", "mediation"], {})?.unitKind).toBe("court");
    expect(routeOf(["mediation"], { mediation: { policy: "x", step: 1, unitKind: null } })).toEqual({
      policy: "x",
      step: 1,
      unitKind: null,
    });
    expect(routeOf([], {})).toBeNull();
  });

  it.each([
    ["petition", { petitionKind: "claim", visitors: 3 }, true],
    ["petition", { visitors: 3 }, false], // 信访类别 is required
    ["petition", { petitionKind: "other" }, false],
    ["legal", { question: "欠薪怎么起诉" }, true],
    ["legal", { question: "x", extra: 1 }, false], // unknown field
    ["judicial_confirmation", { agreementDate: "2026-11-30" }, true],
    ["judicial_confirmation", { agreementDate: "30/11/2026" }, false],
    ["counselling", {}, true],
    ["counselling", { urgent: "yes" }, false],
  ] as const)("%s form %j valid: %s", (service, fields, ok) => {
    const run = () => parseServiceFields(service, fields);
    if (ok) expect(run()).toEqual(fields);
    else expect(run).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("随叫随驻 summons: acknowledge within PT2H, wall clock", () => {
  const ctx = {
    now: at("2026-10-01T17:30:00+08:00"),
    id: "s1",
    unitId: "u1",
    centerRegion: "t",
    caseCode: "C",
  };

  it.each([
    // National Day and the night count: a party is waiting at the window.
    ["2026-10-01T17:30:00+08:00", "PT2H", "2026-10-01T19:30:00+08:00"],
    ["2026-12-04T23:00:00+08:00", "PT2H", "2026-12-05T01:00:00+08:00"],
    ["2026-12-01T09:00:00+08:00", "PT30M", "2026-12-01T09:30:00+08:00"],
  ])("summoned %s with %s → acknowledge by %s", (from, limit, due) => {
    expect(summonsAckDue(at(from), limit).getTime()).toBe(at(due).getTime());
  });

  it("issuing starts the summons.ack clock for this summons; acknowledging stops it", () => {
    const issued = decideSummons(
      null,
      {
        type: "issue",
        reason: "宅基地边界",
        place: "综治中心二号调解室",
        appearBy: ctx.now,
        ackLimit: "PT2H",
      },
      ctx,
    );
    expect(issued.state.status).toBe("summoned");
    expect(issued.clockOps).toEqual([
      expect.objectContaining({
        op: "start",
        clock: expect.objectContaining({ kind: "summons.ack", subjectId: "s1" }),
      }),
    ]);
    const ack = decideSummons(issued.state, { type: "acknowledge", note: null }, ctx);
    expect(ack.clockOps).toEqual([{ op: "stop", kinds: ["summons.ack"], subjectId: "s1" }]);
    expect(ack.state.late).toBe(false);
  });

  it("a missed acknowledgement turns the case red, notifies center and unit leadership; a late answer is kept as late", () => {
    const issued = decideSummons(
      null,
      { type: "issue", reason: "r", place: "p", appearBy: ctx.now, ackLimit: "PT2H" },
      ctx,
    );
    const missed = decideSummons(issued.state, { type: "ackMissed" }, ctx);
    expect(missed.red).toBe(true);
    expect(missed.events.map((e) => e.type)).toEqual(["summons.ack_missed"]);
    expect(missed.notices.map((n) => n.topic)).toEqual([
      "summons.ack_missed",
      "summons.ack_missed.unit_leadership",
    ]);
    const late = decideSummons(missed.state, { type: "acknowledge", note: "路上" }, ctx);
    expect(late.state).toMatchObject({ status: "acknowledged", late: true });
    expect(() => decideSummons(late.state, { type: "ackMissed" }, ctx)).toThrow(
      expect.objectContaining({ code: "INVALID_TRANSITION" }),
    );
  });

  it.each([
    ["acknowledged", "acknowledge"],
    ["appeared", "appear"],
    ["cancelled", "acknowledge"],
  ] as const)("a %s summons cannot %s again", (status, type) => {
    const s = { id: "s1", unitId: "u1", status, ackDueAt: null, late: false };
    expect(() => decideSummons(s, { type, note: null }, ctx)).toThrow();
  });
});

describe("三调对接 referrals: acknowledge within 1 working day", () => {
  it.each([
    // Friday afternoon → Monday afternoon.
    ["2026-12-04T15:00:00+08:00", "P1D", "2026-12-07T15:00:00+08:00"],
    // Before National Day: 10-01…10-07 off, Thursday 10-08 works (国务院办公厅 2026 放假安排).
    ["2026-09-30T10:00:00+08:00", "P1D", "2026-10-08T10:00:00+08:00"],
    ["2026-09-30T10:00:00+08:00", "P2D", "2026-10-09T10:00:00+08:00"],
    ["2026-12-01T09:00:00+08:00", "P1D", "2026-12-02T09:00:00+08:00"],
  ])("sent %s, %s working → acknowledge by %s", (from, limit, due) => {
    expect(referralAckDue(at(from), limit, WORKING).due.toISOString()).toBe(at(due).toISOString());
  });

  it("the defaults are valid settings data", () => {
    expect(ZCenterClocks.parse(DEFAULT_CENTER_CLOCKS)).toEqual({
      summonsAck: "PT2H",
      referralAck: "P1D",
      referralCounting: "working",
    });
    expect(ZCenterClocks.safeParse({ ...DEFAULT_CENTER_CLOCKS, summonsAck: "P1M" }).success).toBe(false);
  });

  it.each([
    [null, "court", "litigation"],
    [null, "police_station", "police"],
    ["police_station", "mediation_committee", "police"], // 警调: police hand a dispute to mediation
    ["court", "mediation_committee", "litigation"], // 诉前调解
    ["petition_office", "village_committee", "petition"],
  ])("from %s to %s is %s", (from, to, docking) => {
    expect(dockingOf(from, to)).toBe(docking);
  });

  it("two ordinary units are not a 三调对接 referral", () => {
    expect(() => dockingOf("village_committee", "mediation_committee")).toThrow();
  });

  const ctx = {
    now: at("2026-12-01T09:00:00+08:00"),
    id: "r1",
    fromUnitId: "f",
    toUnitId: "t",
    originCode: "C",
  };
  const sent = decideReferral(
    null,
    {
      type: "send",
      toUnitId: "t",
      docking: "litigation",
      purpose: "fast_track",
      reason: "小额欠款",
      ackDueAt: at("2026-12-02T09:00:00+08:00"),
      basis: "referral.ack:P1D working",
    },
    ctx,
  );

  it("sending starts referral.ack on the sender's case; the result returns to the sender's timeline", () => {
    expect(sent.origin?.clockOps[0]).toMatchObject({
      op: "start",
      clock: { kind: "referral.ack", subjectId: "r1" },
    });
    const ack = decideReferral(sent.state, { type: "acknowledge", note: null, targetCaseId: null }, ctx);
    expect(ack.origin?.clockOps).toEqual([{ op: "stop", kinds: ["referral.ack"], subjectId: "r1" }]);
    const result = decideReferral(ack.state, { type: "result", outcome: "judged", text: "速裁判决" }, ctx);
    expect(result.state).toMatchObject({ status: "returned", outcome: "judged" });
    expect(result.origin?.events[0]).toMatchObject({
      type: "referral.result_returned",
      data: { outcome: "judged" },
    });
    expect(result.target?.notices[0]).toMatchObject({ topic: "referral.result", payload: { unitId: "f" } });
  });

  it("a missed acknowledgement turns the sender's case red; a result before acknowledgement is refused", () => {
    const missed = decideReferral(sent.state, { type: "ackMissed" }, ctx);
    expect(missed.origin?.red).toBe(true);
    expect(missed.state.ackMissed).toBe(true);
    expect(() => decideReferral(sent.state, { type: "result", outcome: "settled", text: "x" }, ctx)).toThrow(
      expect.objectContaining({ code: "INVALID_TRANSITION" }),
    );
  });
});
