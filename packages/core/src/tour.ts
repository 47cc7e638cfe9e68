import { z } from "zod";
import type { CaseCause, NewClock } from "./transition";

export * from "./tour-forecast";

// 有事找书记，有事找警察 (焦家庄镇's model): the resident police officer sits on the village committee,
// and public-order matters in the village go to them. Which categories are 治安 is data, here.

export interface PublicOrderCategory {
  code: string;
  /** Why it is the officer's: shown in README and the console's hint. */
  zh: string;
  en: string;
}

/** Categories a village's resident officer takes on arrival (治安类). */
export const PUBLIC_ORDER_CATEGORIES: readonly PublicOrderCategory[] = [
  { code: "public_order", zh: "治安秩序：打架斗殴、寻衅滋事、噪声扰民等", en: "Public order and safety" },
  {
    code: "traffic",
    zh: "道路交通事故：现场勘查与责任认定在公安",
    en: "Road accidents: the police find fault",
  },
];

export const isPublicOrder = (category: string): boolean =>
  PUBLIC_ORDER_CATEGORIES.some((c) => c.code === category);

export interface VillageOfficer {
  userId: string;
  name: string;
}

/**
 * What a new case in a village takes from its resident officer: nothing, unless the category is 治安
 * and the village has an officer; then the case is assigned to them (the one `assign` command) with a
 * timeline line saying why.
 */
export function officerRouting(o: {
  category: string;
  village: { code: string; name: string } | null;
  officer: VillageOfficer | null;
  /**
   * The case's unit, kept: the officer reads the case by their region (the village lies in it), not
   * through their station, so an officer of the same station elsewhere does not see it.
   */
  assignedUnitId: string | null;
}): CaseCause[] {
  const { officer, village } = o;
  if (!officer || !village || !isPublicOrder(o.category)) return [];
  return [
    {
      type: "command",
      command: { type: "assign", unitId: o.assignedUnitId, userId: officer.userId },
      actorId: null,
    },
    {
      type: "recorded",
      event: "police.routed",
      data: { officer: officer.name, village: village.name, category: o.category },
      notices: [{ topic: "police.routed", payload: { userId: officer.userId, village: village.code } }],
    },
  ];
}

// 旅游警务 (警在景中、警随景动): a tourist's report from a scenic spot's QR code goes to the spot's
// police post, which answers within minutes (settings `tourism`, default 15).

export const TOURISM_ANSWER = "tourism.answer";

export const ZTourSettings = z.object({
  /** Minutes the post has to answer a tourist's report. */
  answerMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Minutes before the deadline the post is reminded. */
  warnBeforeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  minOfficers: z.number().int().min(0).max(50),
  maxOfficers: z.number().int().min(1).max(200),
  /** Daily reports one officer on duty is expected to answer. */
  reportsPerOfficer: z.number().positive().max(1000),
  /** By the official calendar's English holiday name (chinese-days): "National Day", "Spring Festival"… */
  holidayFactors: z.record(z.string().max(60), z.number().min(0.1).max(20)),
  otherHolidayFactor: z.number().min(0.1).max(20),
  weekendFactor: z.number().min(0.1).max(20),
  basis: z.object({ zh: z.string().min(1).max(200), en: z.string().min(1).max(200) }),
});
export type TTourSettings = z.infer<typeof ZTourSettings>;

export const DEFAULT_TOUR_SETTINGS: TTourSettings = {
  answerMinutes: 15,
  warnBeforeMinutes: 5,
  minOfficers: 1,
  maxOfficers: 8,
  reportsPerOfficer: 4,
  holidayFactors: { "National Day": 2.5, "Spring Festival": 2, "Labour Day": 2 },
  otherHolidayFactor: 1.5,
  weekendFactor: 1.2,
  basis: { zh: "本县旅游警务工作办法：游客求助15分钟内响应", en: "County tourism policing rules" },
};

export interface TourPostRef {
  reportId: string;
  place: string;
  post: string;
}

type Procedure = Extract<CaseCause, { type: "procedure" }>;

/** A tourist's report reached the post: its answer clock starts (minutes, elapsed time). */
export function tourReportReceived(r: TourPostRef, s: TTourSettings, now: Date): Procedure {
  const due = new Date(now.getTime() + s.answerMinutes * 60_000);
  const warn = s.warnBeforeMinutes > 0 ? new Date(due.getTime() - s.warnBeforeMinutes * 60_000) : null;
  const clock: NewClock = {
    kind: TOURISM_ANSWER,
    step: null,
    subjectId: r.reportId,
    startedAt: now,
    dueAt: due,
    warnAt: warn && warn > now ? warn : null,
    basis: `${s.basis.zh}（${s.answerMinutes}分钟）`,
  };
  return {
    type: "procedure",
    events: [
      {
        type: "tourism.received",
        at: now,
        data: { place: r.place, post: r.post, minutes: String(s.answerMinutes), dueAt: due.toISOString() },
      },
    ],
    clockOps: [{ op: "start", clock }],
  };
}

/** The sweep: the answer clock is at its warn point (催办) or ran out (red until the case is settled). */
export function tourAnswerClock(r: TourPostRef, on: "warn" | "due", now: Date): Procedure {
  const type = on === "warn" ? "tourism.answer_warned" : "tourism.answer_overdue";
  return {
    type: "procedure",
    events: [{ type, at: now, data: { post: r.post, place: r.place } }],
    notices: [{ topic: type, payload: { reportId: r.reportId, post: r.post } }],
    red: on === "due",
  };
}

export type TourAnswerHow = "accept" | "note" | "answer" | "settled";

/** The post answered (accepted the case, wrote a note, or answered the tourist): the clock stops. */
/**
 * The case was settled (resolved, closed, rejected, merged, referred) while the tourist still waited:
 * whoever settled it, the answer clock stops with it and the post's waiting list lets it go.
 */
export function tourClosedWithCase(r: TourPostRef, now: Date): Procedure {
  return {
    type: "procedure",
    events: [{ type: "tourism.closed", at: now, data: { post: r.post } }],
    clockOps: [{ op: "stop", kinds: [TOURISM_ANSWER], subjectId: r.reportId }],
  };
}

export function tourAnswered(
  r: TourPostRef & { by: string; how: TourAnswerHow; dueAt: Date; note?: string },
  now: Date,
): Procedure {
  return {
    type: "procedure",
    events: [
      {
        type: "tourism.answered",
        at: now,
        data: {
          post: r.post,
          by: r.by,
          how: r.how,
          late: now > r.dueAt,
          ...(r.note ? { note: r.note } : {}),
        },
      },
    ],
    clockOps: [{ op: "stop", kinds: [TOURISM_ANSWER], subjectId: r.reportId }],
  };
}
