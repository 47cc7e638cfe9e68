import { z } from "zod";
import { ZText } from "./schemas";

// 教学练战 and 述学述评述督 (issue 11, DOMAIN §7): a light record of each unit's trainings and of its
// annual rule-of-law report, read beside its outcome figures (效果联评) so an assessment reads from
// real work. Nothing here counts logins, visits or clicks.

/** 教学练战: teaching, study, drills, practice on real cases. */
export const TRAINING_KINDS = [
  { code: "teach", zh: "教", en: "Teaching" },
  { code: "learn", zh: "学", en: "Study" },
  { code: "drill", zh: "练", en: "Drill" },
  { code: "practice", zh: "战", en: "Practice on cases" },
] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number]["code"];
const KIND_CODES = TRAINING_KINDS.map((k) => k.code) as [TrainingKind, ...TrainingKind[]];

const isoDay = z.iso.date(); // a calendar day: 2026-02-30 is refused

export const ZTrainingInput = z.object({
  heldOn: isoDay,
  kind: z.enum(KIND_CODES),
  topic: ZText.trim().min(1).max(200),
  /** Hours per person, in half hours (a morning's session is 3.5). */
  hours: z
    .number()
    .positive()
    .max(200)
    .refine((h) => Number.isInteger(h * 2), "in half hours"),
  attendees: z.number().int().min(1).max(10_000),
  /** Who taught or led it (a name or a unit), optional. */
  leader: ZText.trim().max(100).optional(),
  note: ZText.trim().max(2000).optional(),
});
export type TTrainingInput = z.infer<typeof ZTrainingInput>;

/** 述学述评述督: the unit's annual report — what it studied, how it assesses its work, how it is supervised. */
export const ZLawReportInput = z.object({
  title: ZText.trim().min(1).max(200),
  presentedOn: isoDay,
  study: ZText.trim().min(1).max(5000),
  review: ZText.trim().min(1).max(5000),
  supervision: ZText.trim().min(1).max(5000),
  /** The assessing body's comment (述评), optional until it is given. */
  assessment: ZText.trim().max(2000).optional(),
});
export type TLawReportInput = z.infer<typeof ZLawReportInput>;

export interface TrainingSummary {
  sessions: number;
  /** Person-hours: hours × attendees, the load a unit actually carried. */
  personHours: number;
  byKind: Record<TrainingKind, number>;
}

/** A unit's trainings in a period, as the scorecard shows them beside its outcomes. */
export function trainingSummary(
  rows: readonly { kind: string; hours: number; attendees: number }[],
): TrainingSummary {
  const byKind: Record<TrainingKind, number> = { teach: 0, learn: 0, drill: 0, practice: 0 };
  let personHours = 0;
  for (const r of rows) {
    if (r.kind in byKind) byKind[r.kind as TrainingKind] += 1;
    personHours += r.hours * r.attendees;
  }
  return { sessions: rows.length, personHours: Math.round(personHours * 10) / 10, byKind };
}
