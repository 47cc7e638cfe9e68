// Field work (issue 12): the rules behind households, visits, 排查 campaigns and 社情民意 that do not
// need a database — how a search box is read, how a campaign's progress adds up, whether a checklist
// was answered. Who may do what is in access.ts (household.*, visit.write, campaign.*, opinion.*).
import { AppError } from "./errors";

/** What the household search box was given: the server turns each part into one SQL condition. */
export type HouseholdQuery =
  | { kind: "all" }
  /** 4 digits: the last four of a member's phone (phones are sealed; only the last four are stored plain). */
  | { kind: "phoneLast4"; last4: string }
  /** 2–4 Chinese characters: a member's full name (exact, by its lookup hash) — or a place name in the address. */
  | { kind: "name"; name: string; address: string }
  /** Anything else: a substring of the address (村组, 门牌号, 楼栋). */
  | { kind: "address"; address: string };

const HAN_NAME = /^[\u3400-\u9fff·]{2,4}$/u;

export function classifyHouseholdQuery(raw: string | undefined | null): HouseholdQuery {
  const q = (raw ?? "").trim().replace(/\s+/g, " ");
  if (q === "") return { kind: "all" };
  if (/^\d{4}$/.test(q)) return { kind: "phoneLast4", last4: q };
  if (HAN_NAME.test(q)) return { kind: "name", name: q, address: q };
  return { kind: "address", address: q };
}

/** Campaign kinds the township picks from; any other lower-case code is kept as the township wrote it. */
export const CAMPAIGN_KINDS = {
  marriage_family: { zh: "婚恋家庭纠纷排查", en: "Marriage and family disputes" },
  wage_arrears: { zh: "欠薪排查", en: "Unpaid wages" },
  land: { zh: "土地纠纷排查", en: "Land disputes" },
  neighbour: { zh: "邻里纠纷排查", en: "Neighbour disputes" },
  safety: { zh: "安全隐患排查", en: "Safety hazards" },
  other: { zh: "其他排查", en: "Other screening" },
} as const;

export interface ChecklistItem {
  key: string;
  label: string;
}

export type CampaignStatus = "upcoming" | "active" | "ended";

export function campaignStatus(c: { startsAt: Date; dueAt: Date }, now: Date): CampaignStatus {
  if (now.getTime() < c.startsAt.getTime()) return "upcoming";
  return now.getTime() <= c.dueAt.getTime() ? "active" : "ended";
}

/** A new campaign's dates and checklist: due after it starts, keys unique. */
export function checkCampaign(c: { startsAt: Date; dueAt: Date; checklist: readonly ChecklistItem[] }) {
  if (c.dueAt.getTime() <= c.startsAt.getTime()) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "截止时间须晚于开始时间", en: "The due date must be after the start" },
      { field: "dueAt" },
    );
  }
  const keys = c.checklist.map((i) => i.key);
  if (new Set(keys).size !== keys.length) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "排查项的编号不能重复", en: "Checklist keys must be unique" },
      { field: "checklist" },
    );
  }
}

/** A result answers only the campaign's own checklist items (unanswered ones stay unanswered). */
export function checkAnswers(checklist: readonly ChecklistItem[], answers: Record<string, unknown>) {
  const known = new Set(checklist.map((i) => i.key));
  const unknown = Object.keys(answers).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: `排查项不存在：${unknown.join("、")}`, en: `Unknown checklist items: ${unknown.join(", ")}` },
      { field: "answers", unknown },
    );
  }
}

/** One grid's counts: households in the campaign's area, households with a result, with a positive one. */
export interface GridProgress {
  gridPath: string;
  total: number;
  done: number;
  positive: number;
}

export interface RegionProgress {
  code: string;
  name: string;
  total: number;
  done: number;
  positive: number;
}

export interface CampaignProgress {
  total: number;
  done: number;
  positive: number;
  byRegion: RegionProgress[];
}

/**
 * A campaign's progress for the township: grids' counts summed per region one level below the
 * campaign's own (villages of a township campaign, grids of a village one). Regions without
 * households still appear (0 of 0) when named in `regions`, so a village nobody has entered shows.
 */
export function campaignProgress(
  campaignPath: string,
  grids: readonly GridProgress[],
  regions: readonly { code: string; name: string }[],
): CampaignProgress {
  const depth = campaignPath.split(".").length;
  const by = new Map<string, RegionProgress>(
    regions.map((r) => [r.code, { code: r.code, name: r.name, total: 0, done: 0, positive: 0 }]),
  );
  const sum = { total: 0, done: 0, positive: 0 };
  for (const g of grids) {
    if (g.gridPath !== campaignPath && !g.gridPath.startsWith(`${campaignPath}.`)) continue;
    const child = g.gridPath.split(".")[depth] ?? g.gridPath.split(".")[depth - 1] ?? "";
    const row = by.get(child) ?? { code: child, name: child, total: 0, done: 0, positive: 0 };
    const done = Math.min(g.done, g.total);
    const positive = Math.min(g.positive, done);
    row.total += g.total;
    row.done += done;
    row.positive += positive;
    by.set(child, row);
    sum.total += g.total;
    sum.done += done;
    sum.positive += positive;
  }
  const byRegion = [...by.values()].sort((a, b) => a.code.localeCompare(b.code));
  return { ...sum, byRegion };
}

/** 87% — whole percent, rounded down so a campaign never reads 100% before its last household. */
export const percentDone = (done: number, total: number) =>
  total <= 0 ? 0 : Math.floor((Math.min(done, total) * 100) / total);
