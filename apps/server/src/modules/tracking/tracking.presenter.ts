import type { TPolicy } from "@fengqiao/core";
import { policyStep } from "@fengqiao/core";
import type { Db } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { petitionForCitizen, petitionMilestone } from "../petitions/petitions.tracking";
import { publicEvents, regionNames, unitName } from "./tracking.repository";

export const RATINGS = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_ZH: Record<Rating, string> = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  dissatisfied: "不满意",
};

/** How a case's status reads to the citizen (tracking page, Open311 status_notes). */
export const CITIZEN_STATUS_ZH: Record<string, string> = {
  submitted: "已登记，待受理",
  accepted: "已受理，正在办理",
  mediating: "调解中",
  paused: "暂停（等待当事人）",
  resolved: "已办结",
  closed: "已结案",
};

// Milestones a citizen may see. Staff notes, names and summaries stay inside (they hold others' data).
export const MILESTONES: Record<string, string> = {
  "case.submitted": "已登记",
  "case.accepted": "已受理",
  "case.called_back": "工作人员已回电",
  "case.escalated": "已提交上一级协调处理",
  "case.mediation_started": "开始调解",
  "case.mediation_recorded": "已组织调解",
  "case.paused": "暂停办理，等待当事人",
  "case.resumed": "恢复办理",
  "case.assigned": "已交办相关单位",
  "case.resolved": "已办结",
  "case.closed": "已结案",
  "case.rejected": "不予受理",
  "case.referred": "已引导通过其他途径解决",
  "case.merged": "已与相同事项合并办理",
  "case.reopened": "重新办理",
};

/**
 * A unit's name from a region's name: the parent's name in front unless the region's name already
 * starts with it, the suffix after unless it already ends with it. Grids are often named with their
 * village ("梁家墩村第一网格"), so blind concatenation read "梁家墩村梁家墩村第一网格网格".
 */
export function unitNameOf(parent: string, name: string, suffix: string): string {
  const head = name.startsWith(parent) ? name : `${parent}${name}`;
  return head.endsWith(suffix) ? head : `${head}${suffix}`;
}

/** The handling unit by the case's ladder step: a unit's name, never a staff member. */
export function handlingUnit(names: Map<string, string>, level: string | null): string {
  const n = (l: string) => names.get(l) ?? "";
  switch (level) {
    case "grid":
      return unitNameOf(n("village"), n("grid"), "网格");
    case "village":
      return unitNameOf("", n("village"), "调解委员会");
    case "center":
      return unitNameOf("", n("township"), "综治中心");
    case "township":
      return unitNameOf("", n("township"), "党委政府");
    default:
      return unitNameOf("", n("county"), "综治中心");
  }
}

/** The unit handling a case now: the assigned unit, else the unit of the ladder step's level. */
export async function handlingUnitFor(db: Db, row: CaseRow, policy: TPolicy | null): Promise<string> {
  const level = policy ? (policyStep(policy, row.step)?.level ?? null) : null;
  const [names, unit] = await Promise.all([
    regionNames(db, row.region_path),
    unitName(db, row.assigned_unit_id),
  ]);
  return unit ?? handlingUnit(names, level);
}

export async function presentTracking(db: Db, row: CaseRow, policy: TPolicy | null) {
  const step = policy ? policyStep(policy, row.step) : null;
  const [unit, events, petition] = await Promise.all([
    handlingUnitFor(db, row, policy),
    publicEvents(db, row.id),
    petitionForCitizen(db, row.id),
  ]);
  const open = row.status !== "resolved" && row.status !== "closed";
  const timeline = events.flatMap((e): Milestone[] => {
    const data = e.data as Record<string, unknown>;
    if (e.type === "case.rated") {
      const r = RATING_ZH[data.rating as Rating] ?? "";
      return [
        { type: e.type, label: `您的评价：${r}`, at: iso(e.at), comment: (data.comment as string) ?? null },
      ];
    }
    const label = MILESTONES[e.type] ?? petitionMilestone(e.type, data);
    return label ? [{ type: e.type, label, at: iso(e.at), comment: null }] : [];
  });
  return {
    code: row.code,
    status: row.status,
    statusText: CITIZEN_STATUS_ZH[row.status] ?? row.status,
    // A petition shows its statutory stage and deadline (`petition`) instead of the ladder's.
    step: open && !petition ? row.step : null,
    stepName: open && !petition ? (step?.name.zh ?? "上级协调") : null,
    stepDueAt: open && !petition && row.step_due_at ? iso(row.step_due_at) : null,
    unit,
    timeline,
    canRate: canRate(row, events),
    petition,
  };
}

interface Milestone {
  type: string;
  label: string;
  at: string;
  comment: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Once per resolution: a rating after the last 办结 closes the question until the case is reopened. */
export function canRate(row: CaseRow, events: { type: string }[]): boolean {
  const resolved = row.status === "resolved" || (row.status === "closed" && row.outcome === "resolved");
  if (!resolved) return false;
  const lastResolved = events.map((e) => e.type).lastIndexOf("case.resolved");
  const lastRated = events.map((e) => e.type).lastIndexOf("case.rated");
  return lastRated < lastResolved;
}
