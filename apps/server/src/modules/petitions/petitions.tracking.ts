import type { PetitionStage } from "@fengqiao/core";
import type { Db } from "../../db/database";
import { cnDate } from "./petitions.letters";

// What a petitioner reads on the tracking page (no login: code + phone digits or 查询码): the stage and
// the deadline in plain words, with the article it comes from. Never staff names or opinions' text.

export interface CitizenPetition {
  stage: PetitionStage;
  stageText: string;
  /** "2026年10月8日前…": what happens by when, or what the petitioner may do by when. */
  dueText: string | null;
  basis: string | null;
  extended: boolean;
}

const STAGE_TEXT: Record<PetitionStage, string> = {
  registered: "已登记，正在审查是否受理",
  handling: "已受理，正在办理",
  replied: "已出具处理意见书",
  review: "复查中",
  reviewed: "已作出复查意见",
  recheck: "复核中",
  concluded: "已复核终结",
  not_accepted: "不予受理（告知书已说明理由和应当提出的途径）",
  final: "处理意见已生效",
};

function dueText(stage: PetitionStage, day: string | null): string | null {
  switch (stage) {
    case "registered":
      return `${day}前告知您是否受理`;
    case "handling":
      return `${day}前办结并书面答复您`;
    case "replied":
      return `如不服处理意见，可在${day}前向上一级机关请求复查`;
    case "review":
      return `${day}前作出复查意见`;
    case "reviewed":
      return `如不服复查意见，可在${day}前向上一级机关请求复核`;
    case "recheck":
      return `${day}前作出复核意见`;
    case "concluded":
      return "复核意见为最终意见；以同一事实和理由再次信访的，不再受理";
    case "not_accepted":
    case "final":
      return null;
  }
}

/** Milestones of a petition a citizen may see, besides the case's own. */
export function petitionMilestone(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case "petition.registered":
      return "信访事项已登记";
    case "petition.extended":
      return "经批准延长办理期限";
    case "petition.review_requested":
      return "已请求复查";
    case "petition.recheck_requested":
      return "已请求复核";
    case "petition.letter_sent":
      return `已送达《${String(data.title ?? "告知书")}》`;
    default:
      return null;
  }
}

export async function petitionForCitizen(db: Db, caseId: string): Promise<CitizenPetition | null> {
  const p = await db
    .selectFrom("petitions")
    .select(["stage", "due_at", "basis", "extended"])
    .where("case_id", "=", caseId)
    .executeTakeFirst();
  if (!p) return null;
  const stage = p.stage as PetitionStage;
  // The period ends at 24:00 of its last day: name that day.
  const day = p.due_at ? cnDate(new Date(p.due_at.getTime() - 1)) : null;
  return {
    stage,
    stageText: STAGE_TEXT[stage],
    dueText: dueText(stage, day),
    basis: p.basis,
    extended: p.extended.includes(stage),
  };
}
