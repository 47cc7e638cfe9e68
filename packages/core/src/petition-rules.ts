import { z } from "zod";
import type { PetitionStage } from "./petition-terms";

// The numbers of 信访 (《信访工作条例》2022) as policy data, and which clock and article each stage runs on.

/** Every number is policy data (the `xinfang` policy's `petition` section), defaults from the 条例. */
export const ZPetitionRules = z.object({
  /** 第二十二条: register and decide/route within 15 days, with a written notice. */
  registerDays: z.number().int().min(1).max(365).default(15),
  /** 第三十四条: handled within 60 days of acceptance… */
  handleDays: z.number().int().min(1).max(365).default(60),
  /** …extendable once, by at most 30 days, with the head's approval and the reason told. */
  handleExtendMaxDays: z.number().int().min(0).max(365).default(30),
  /** 第三十五条: 复查 requested within 30 days of the written reply… */
  reviewRequestDays: z.number().int().min(1).max(365).default(30),
  /** …and decided within 30 days of the request. */
  reviewDays: z.number().int().min(1).max(365).default(30),
  /** The 条例 gives no extension for 复查/复核 (hearings aside); local rules add up to 30: 0 turns it off. */
  reviewExtendMaxDays: z.number().int().min(0).max(365).default(30),
  /** 第三十六条: 复核 requested within 30 days of the 复查 decision, decided within 30. */
  recheckRequestDays: z.number().int().min(1).max(365).default(30),
  recheckDays: z.number().int().min(1).max(365).default(30),
  recheckExtendMaxDays: z.number().int().min(0).max(365).default(30),
  /** Reminder (催办) this many days before a statutory deadline. */
  warnDaysBefore: z.number().int().min(0).max(60).default(5),
  /** The same person or matter again within this many days links to the earlier case (重复访). */
  repeatWindowDays: z.number().int().min(1).max(3650).default(90),
  /** This many petitioners on one matter make a group petition (集体访)… */
  groupThreshold: z.number().int().min(2).max(1000).default(5),
  /** …which is red (high risk) from the start. */
  groupRed: z.boolean().default(true),
});
export type TPetitionRules = z.infer<typeof ZPetitionRules>;
export const DEFAULT_PETITION_RULES: TPetitionRules = ZPetitionRules.parse({});

const LAW = "《信访工作条例》";
/** The clock kinds a petition runs; `*_request` are the petitioner's windows, not the office's duty. */
export const PETITION_CLOCK = {
  registered: "petition.register",
  handling: "petition.handle",
  replied: "petition.review_request",
  review: "petition.review",
  reviewed: "petition.recheck_request",
  recheck: "petition.recheck",
} as const satisfies Partial<Record<PetitionStage, string>>;
export const PETITION_CLOCK_KINDS: string[] = Object.values(PETITION_CLOCK);
/** Deadlines the office owes: missing one turns the case red. */
export const PETITION_DUTY_KINDS: string[] = [
  PETITION_CLOCK.registered,
  PETITION_CLOCK.handling,
  PETITION_CLOCK.review,
  PETITION_CLOCK.recheck,
];

export type TimedStage = keyof typeof PETITION_CLOCK;
export const isTimed = (s: PetitionStage): s is TimedStage => s in PETITION_CLOCK;

/** The period of each timed stage, its legal basis, and how far it may be extended. */
export function stagePeriod(
  stage: TimedStage,
  r: TPetitionRules,
): { days: number; basis: string; extendMax: number } {
  switch (stage) {
    case "registered":
      return { days: r.registerDays, basis: `${LAW}第二十二条：${r.registerDays}日`, extendMax: 0 };
    case "handling":
      return {
        days: r.handleDays,
        basis: `${LAW}第三十四条：${r.handleDays}日`,
        extendMax: r.handleExtendMaxDays,
      };
    case "replied":
      return {
        days: r.reviewRequestDays,
        basis: `${LAW}第三十五条：${r.reviewRequestDays}日内请求复查`,
        extendMax: 0,
      };
    case "review":
      return {
        days: r.reviewDays,
        basis: `${LAW}第三十五条：${r.reviewDays}日`,
        extendMax: r.reviewExtendMaxDays,
      };
    case "reviewed":
      return {
        days: r.recheckRequestDays,
        basis: `${LAW}第三十六条：${r.recheckRequestDays}日内请求复核`,
        extendMax: 0,
      };
    case "recheck":
      return {
        days: r.recheckDays,
        basis: `${LAW}第三十六条：${r.recheckDays}日`,
        extendMax: r.recheckExtendMaxDays,
      };
  }
}
