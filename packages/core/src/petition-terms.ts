// The words of a petition (信访), apart so schemas and rules can both import them without a cycle.

export const PETITION_KINDS = ["suggestion", "accusation", "appeal"] as const; // 建议意见类 / 检举控告类 / 申诉求决类
export type PetitionKind = (typeof PETITION_KINDS)[number];
export const PETITION_CHANNELS = ["letter", "visit", "online", "phone"] as const; // 来信 / 来访 / 网上 / 电话
export type PetitionChannel = (typeof PETITION_CHANNELS)[number];

/**
 * registered → (accept) handling → (reply) replied → (复查 request) review → (decision) reviewed →
 * (复核 request) recheck → (decision) concluded. not_accepted ends at registration; `final` is a reply or
 * 复查 decision whose request window ran out unused.
 */
export const PETITION_STAGES = [
  "registered",
  "handling",
  "replied",
  "review",
  "reviewed",
  "recheck",
  "concluded",
  "not_accepted",
  "final",
] as const;
export type PetitionStage = (typeof PETITION_STAGES)[number];
