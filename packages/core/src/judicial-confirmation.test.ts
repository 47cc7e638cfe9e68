import { describe, expect, it } from "vitest";
import type { CalendarOptions } from "./calendar";
import { isAppError } from "./errors";
import {
  applyForConfirmation,
  decideAcceptance,
  extendRuling,
  type JcState,
  jcClockCause,
  notConfirmableReason,
  ruleOnConfirmation,
} from "./judicial-confirmation";
import { MEDIATION_DEFAULTS, statutoryClock } from "./mediation";

const cal: CalendarOptions = { counting: "calendar" };
const cst = (wall: string) => new Date(`${wall}+08:00`);
/** The deadline as the China-time date whose 24:00 it is. */
const endOfDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000 - 1).toISOString().slice(0, 10);
const ctx = (now: string) => ({ now: cst(now), settings: MEDIATION_DEFAULTS, calendar: cal });

const clockEnd = (kind: string, start: string, days: number, warnDay?: number) => {
  const c = statutoryClock({ kind, subjectId: "s", start: cst(start), days, warnDay, calendar: cal });
  return { due: endOfDay(c.dueAt), warn: c.warnAt?.toISOString() ?? null };
};

// Day counts from the law; the last day moves off a weekend or a public holiday
// (《民事诉讼法》第八十五条), and a 调休 Saturday is a working day. National Day 2026: 10-01…10-07
// off, 09-20 (Sun) and 10-10 (Sat) worked; Spring Festival 2026: 02-15…02-23 off, 02-14 and 02-28 worked.
describe("司法确认 clocks across National Day and Spring Festival 2026", () => {
  it.each([
    // 《人民调解法》第三十三条 / 《民事诉讼法》第二百零五条: apply within 30 days of the agreement taking effect.
    [
      "《人民调解法》第三十三条 30日: effective 09-01, day 30 is 10-01 → 10-08",
      "jc.apply",
      "2026-09-01T10:00",
      30,
      "2026-10-08",
    ],
    [
      "《人民调解法》第三十三条 30日: effective 01-16, day 30 is 02-15 (春节) → 02-24",
      "jc.apply",
      "2026-01-16T10:00",
      30,
      "2026-02-24",
    ],
    [
      "《人民调解法》第三十三条 30日: effective 03-02, day 30 is 04-01 (Wed), no move",
      "jc.apply",
      "2026-03-02T10:00",
      30,
      "2026-04-01",
    ],
    // 规定第三条: decide acceptance within 3 days.
    [
      "规定第三条 3日: applied 09-28, day 3 is 10-01 → 10-08",
      "jc.accept",
      "2026-09-28T09:00",
      3,
      "2026-10-08",
    ],
    [
      "规定第三条 3日: applied 10-07, day 3 is 10-10 (调休 Saturday) stays",
      "jc.accept",
      "2026-10-07T09:00",
      3,
      "2026-10-10",
    ],
    [
      "规定第三条 3日: applied 02-12, day 3 is 02-15 (春节) → 02-24",
      "jc.accept",
      "2026-02-12T09:00",
      3,
      "2026-02-24",
    ],
    [
      "规定第三条 3日: applied 02-11, day 3 is 02-14 (调休 Saturday) stays",
      "jc.accept",
      "2026-02-11T09:00",
      3,
      "2026-02-14",
    ],
    // 规定第六条 / 《民事诉讼法》第二百零六条: rule within 15 days of acceptance, extendable once by 10.
    [
      "规定第六条 15日: accepted 09-16, day 15 is 10-01 → 10-08",
      "jc.rule",
      "2026-09-16T09:00",
      15,
      "2026-10-08",
    ],
    [
      "规定第六条 15+10日: accepted 09-16, day 25 is 10-11 (Sunday) → 10-12",
      "jc.rule",
      "2026-09-16T09:00",
      25,
      "2026-10-12",
    ],
    [
      "规定第六条 15日: accepted 02-05, day 15 is 02-20 (春节) → 02-24",
      "jc.rule",
      "2026-02-05T09:00",
      15,
      "2026-02-24",
    ],
  ])("%s", (_name, kind, start, days, end) => {
    expect(clockEnd(kind, start, days).due).toBe(end);
  });

  it("《人民调解法》第三十三条: the application window warns at the start of day 20", () => {
    expect(clockEnd("jc.apply", "2026-09-01T10:00", 30, 20).warn).toBe(cst("2026-09-21T00:00").toISOString());
  });
});

const agreement = (
  effective: string,
  statusMatter: "none" | "marriage" | "adoption" | "identity" = "none",
) => ({
  id: "a1",
  status: "effective",
  effectiveAt: cst(effective),
  statusMatter,
});

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, zh: e.messages.zh };
    throw e;
  }
  return null;
};

describe("applying for 司法确认", () => {
  it.each([
    ["marriage", "婚姻关系"],
    ["adoption", "收养关系"],
    ["identity", "身份关系"],
  ] as const)(
    "规定第四条: an agreement settling %s is refused NOT_CONFIRMABLE with the reason",
    (m, words) => {
      expect(notConfirmableReason(m)?.zh).toContain(words);
      const r = refusal(() =>
        applyForConfirmation({
          id: "j",
          agreement: agreement("2026-03-02T10:00", m),
          court: "法庭",
          hasOpenApplication: false,
          ...ctx("2026-03-05T10:00"),
        }),
      );
      expect(r?.code).toBe("NOT_CONFIRMABLE");
      expect(r?.zh).toContain("第四条");
    },
  );

  it.each([
    ["《人民调解法》第三十三条: day 25 is in time", "2026-03-27T10:00", null],
    ["《人民调解法》第三十三条: the last day (04-01) is in time", "2026-04-01T23:00", null],
    ["《人民调解法》第三十三条: the day after the window is refused", "2026-04-02T00:00", "NOT_CONFIRMABLE"],
  ])("%s", (_n, now, code) => {
    const r = refusal(() =>
      applyForConfirmation({
        id: "j",
        agreement: agreement("2026-03-02T10:00"),
        court: "法庭",
        hasOpenApplication: false,
        ...ctx(now),
      }),
    );
    expect(r?.code ?? null).toBe(code);
  });

  it("an agreement not yet in effect cannot be applied for, nor applied for twice", () => {
    const draft = { ...agreement("2026-03-02T10:00"), status: "draft", effectiveAt: null };
    const base = { id: "j", court: "法庭", ...ctx("2026-03-05T10:00") };
    expect(
      refusal(() => applyForConfirmation({ ...base, agreement: draft, hasOpenApplication: false }))?.code,
    ).toBe("INVALID_TRANSITION");
    expect(
      refusal(() =>
        applyForConfirmation({ ...base, agreement: agreement("2026-03-02T10:00"), hasOpenApplication: true }),
      )?.code,
    ).toBe("CONFLICT");
  });

  it("applying stops the window clock and starts the 3-day acceptance clock (规定第三条)", () => {
    const r = applyForConfirmation({
      id: "j",
      agreement: agreement("2026-09-03T10:00"),
      court: "法庭",
      hasOpenApplication: false,
      ...ctx("2026-09-28T10:00"),
    });
    expect(r.state.status).toBe("applied");
    expect(r.cause.clockOps?.[0]).toEqual({ op: "stop", kinds: ["jc.apply"], subjectId: "a1" });
    const start = r.cause.clockOps?.[1];
    expect(start?.op === "start" && endOfDay(start.clock.dueAt)).toBe("2026-10-08");
    expect(start?.op === "start" && start.clock.basis).toContain("第三条");
  });
});

describe("the court's decisions", () => {
  const applied: JcState = {
    id: "j",
    status: "applied",
    appliedAt: cst("2026-09-28T10:00"),
    acceptedAt: null,
    extended: false,
    ruleDueAt: null,
  };

  it("受理 starts the 15-day review (规定第六条); 不予受理 keeps the reason", () => {
    const yes = decideAcceptance(applied, { accepted: true }, ctx("2026-09-30T10:00"));
    expect(yes.state.status).toBe("accepted");
    expect(endOfDay(yes.state.ruleDueAt as Date)).toBe("2026-10-15");
    const no = decideAcceptance(
      applied,
      { accepted: false, reason: "不属本院管辖" },
      ctx("2026-09-30T10:00"),
    );
    expect(no.state.status).toBe("not_accepted");
    expect(no.cause.events[0]?.data).toMatchObject({ reason: "不属本院管辖" });
  });

  it("规定第六条: the review is extended once by 10 days from acceptance, never twice", () => {
    const accepted = decideAcceptance(applied, { accepted: true }, ctx("2026-09-16T10:00")).state;
    const ext = extendRuling(accepted, "案情复杂", ctx("2026-09-25T10:00"));
    expect(endOfDay(ext.state.ruleDueAt as Date)).toBe("2026-10-12");
    expect(refusal(() => extendRuling(ext.state, "again", ctx("2026-09-26T10:00")))?.code).toBe(
      "INVALID_TRANSITION",
    );
  });

  it.each([
    [{ confirmed: true } as const, "confirmed", "jc.confirmed"],
    [
      { confirmed: false, reason: "违反法律强制性规定", next: "litigate" } as const,
      "not_confirmed",
      "jc.not_confirmed",
    ],
  ])("《民事诉讼法》第二百零六条: ruling %j → %s", (input, status, event) => {
    const accepted = decideAcceptance(applied, { accepted: true }, ctx("2026-09-30T10:00")).state;
    const r = ruleOnConfirmation(accepted, input, ctx("2026-10-09T10:00"));
    expect(r.state.status).toBe(status);
    expect(r.cause.events[0]?.type).toBe(event);
    expect(r.cause.clockOps).toEqual([{ op: "stop", kinds: ["jc.rule"], subjectId: "j" }]);
    expect(refusal(() => ruleOnConfirmation(r.state, input, ctx("2026-10-09T11:00")))?.code).toBe(
      "INVALID_TRANSITION",
    );
  });
});

describe("司法确认 clocks running out", () => {
  it.each([
    ["jc.apply", "warn", "jc.apply_reminder", false],
    ["jc.apply", "due", "jc.apply_lapsed", false],
    ["jc.accept", "due", "jc.accept_overdue", true],
    ["jc.rule", "due", "jc.rule_overdue", true],
  ] as const)("%s %s → %s (red %s)", (kind, on, event, red) => {
    const c = jcClockCause(kind, on, "x", cst("2026-10-09T00:00"));
    expect(c.events[0]?.type).toBe(event);
    expect(c.red === true).toBe(red);
  });
});
