import { AppError } from "./errors";
import type { PetitionStage } from "./petition-terms";

// 重复访 and 终结: the same person or the same matter coming back. After 复核 the same matter is not
// accepted again (《信访工作条例》第三十六条: 仍以同一事实和理由提出投诉请求的…不再受理); within the
// repeat window a new petition links to the earlier one so the office sees the history.

/**
 * The matter as a key: width-folded, lower-cased, spaces and punctuation dropped, so "梁家墩村 土地补偿款。"
 * and "梁家墩村土地补偿款" are one matter.
 */
export function matterKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

export interface EarlierPetition {
  caseCode: string;
  stage: PetitionStage;
  createdAt: Date;
  /** Same petitioner: phone or ID-number hash. */
  samePerson: boolean;
  /** Same matter key. */
  sameMatter: boolean;
  /** Same dispute category. */
  sameCategory: boolean;
}

export type RepeatVerdict =
  | { kind: "new" }
  | { kind: "repeat"; earlierCode: string }
  | { kind: "concluded"; earlierCode: string };

/**
 * What the earlier petitions say about a new one. A concluded (复核 decided) matter — the same matter
 * key, or the same person on the same category — refuses; any earlier petition of the same person or
 * matter within `windowDays` makes a repeat, linked to the most recent one.
 */
export function repeatVerdict(earlier: EarlierPetition[], now: Date, windowDays: number): RepeatVerdict {
  const sorted = [...earlier].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const concluded = sorted.find(
    (e) => e.stage === "concluded" && (e.sameMatter || (e.samePerson && e.sameCategory)),
  );
  if (concluded) return { kind: "concluded", earlierCode: concluded.caseCode };
  const since = now.getTime() - windowDays * 86_400_000;
  const repeat = sorted.find((e) => (e.samePerson || e.sameMatter) && e.createdAt.getTime() >= since);
  return repeat ? { kind: "repeat", earlierCode: repeat.caseCode } : { kind: "new" };
}

/** The refusal the window clerk sees, naming the earlier case. */
export function petitionConcludedError(earlierCode: string): AppError {
  return new AppError(
    "PETITION_CONCLUDED",
    {
      zh: `该信访事项已经复核终结（案件 ${earlierCode}），依据《信访工作条例》第三十六条不再受理`,
      en: `This matter was concluded after second review (case ${earlierCode}); it is not accepted again`,
    },
    { earlierCode },
  );
}
