import {
  CATEGORIES,
  type CaseStatus,
  CHANNELS,
  STATUS_NAMES,
  type StepLevel,
  stepLevel,
  type TCaseListQuery,
  type TPolicy,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import { excel } from "../../lib/excel";
import type { SessionUser } from "../../plugins/auth";
import { presentCaseSummary } from "../cases/cases.presenter";
import type { SummaryRow } from "../cases/cases.repository";
import { findCases } from "../cases/cases.repository";

export const EXPORT_MAX_ROWS = 10_000;
const PAGE = 200;

const LEVEL_ZH: Record<StepLevel | "beyond", string> = {
  grid: "网格",
  village: "村（社区）",
  center: "综治中心",
  township: "乡镇",
  county: "县级",
  beyond: "上交",
};
const WARNING_ZH: Record<string, string> = { blue: "蓝色", yellow: "黄色", red: "红色" };
const CATEGORY_ZH = new Map<string, string>(CATEGORIES.map((c) => [c.code, c.zh]));
const CHANNEL_ZH = new Map<string, string>(CHANNELS.map((c) => [c.code, c.zh]));

// One column per level of the region tree, so a sheet can be pivoted by township or village.
const REGION_LEVELS = ["province", "city", "county", "township", "village", "grid"] as const;
const REGION_COLUMNS = [
  { header: "省", key: "province", width: 10 },
  { header: "市", key: "city", width: 10 },
  { header: "县（区）", key: "county", width: 12 },
  { header: "乡镇（街道）", key: "township", width: 14 },
  { header: "村（社区）", key: "village", width: 14 },
  { header: "网格", key: "grid", width: 12 },
];
type Names = Map<string, { name: string; level: string }>;

/** Names of every region on the page's paths not looked up yet (one query per page). */
async function learnRegions(ctx: AppContext, rows: SummaryRow[], names: Names) {
  const codes = [...new Set(rows.flatMap((r) => r.region_path.split(".")))].filter((c) => !names.has(c));
  if (codes.length === 0) return;
  const found = await ctx.db
    .selectFrom("regions")
    .select(["code", "name", "level"])
    .where("code", "in", codes)
    .execute();
  for (const r of found) names.set(r.code, { name: r.name, level: r.level });
}

function regionCells(row: SummaryRow, names: Names) {
  const cells: Record<string, string> = Object.fromEntries(REGION_LEVELS.map((l) => [l, ""]));
  for (const code of row.region_path.split(".")) {
    const r = names.get(code);
    if (r) cells[r.level] = r.name;
  }
  return cells;
}

const COLUMNS = [
  { header: "案件编号", key: "code", width: 24 },
  { header: "标题", key: "title", width: 40 },
  { header: "类别", key: "category", width: 12 },
  { header: "渠道", key: "channel", width: 16 },
  ...REGION_COLUMNS,
  { header: "状态", key: "status", width: 10 },
  { header: "当前层级", key: "level", width: 12 },
  { header: "预警", key: "warning", width: 8 },
  { header: "登记时间", key: "createdAt", width: 18 },
  { header: "当前步骤期限", key: "stepDueAt", width: 18 },
  { header: "反映人", key: "reporter", width: 10 },
  { header: "联系电话", key: "phone", width: 16 },
];

// Spreadsheets are read by people in China: show Beijing time, minutes precision.
const beijing = (iso: string | null) =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ") : "";

function levelOf(row: SummaryRow, policy: TPolicy | null): string {
  if (row.step > row.step_count) return LEVEL_ZH.beyond;
  return policy ? LEVEL_ZH[stepLevel(policy, row.step)] : "";
}

async function exportRow(ctx: AppContext, row: SummaryRow, names: Names) {
  // The presenter does the masking, so the sheet can never carry more than the list shows.
  const c = presentCaseSummary(row, ctx.pd);
  return {
    code: c.code,
    title: c.title,
    category: CATEGORY_ZH.get(c.category) ?? c.category,
    channel: CHANNEL_ZH.get(c.channel) ?? c.channel,
    ...regionCells(row, names),
    status: STATUS_NAMES[c.status as CaseStatus]?.zh ?? c.status,
    level: levelOf(row, await ctx.rules.policy(row.policy_key)),
    warning: WARNING_ZH[c.warning] ?? c.warning,
    createdAt: beijing(c.createdAt),
    stepDueAt: beijing(c.stepDueAt),
    reporter: c.reporterName ?? "",
    phone: c.reporterPhone ?? "",
  };
}

/** The filtered case list as an .xlsx workbook, walking the list's own cursor up to 10,000 rows. */
export async function exportCases(o: {
  ctx: AppContext;
  actor: SessionUser;
  query: TCaseListQuery;
  regionPath: string | null;
}): Promise<{ buffer: Buffer; rows: number; truncated: boolean }> {
  const wb = new (await excel()).Workbook();
  const sheet = wb.addWorksheet("案件");
  sheet.columns = COLUMNS;
  sheet.getRow(1).font = { bold: true };
  let rows = 0;
  let cursor: string | undefined;
  const names: Names = new Map();
  for (;;) {
    const page = await findCases(
      o.ctx.db,
      o.actor,
      { ...o.query, cursor, limit: PAGE },
      o.regionPath,
      o.ctx.clock.now(),
    );
    await learnRegions(o.ctx, page.items, names);
    for (const row of page.items.slice(0, EXPORT_MAX_ROWS - rows)) {
      sheet.addRow(await exportRow(o.ctx, row, names));
      rows += 1;
    }
    if (!page.nextCursor || rows >= EXPORT_MAX_ROWS) {
      const buffer = Buffer.from(await wb.xlsx.writeBuffer());
      return { buffer, rows, truncated: page.nextCursor !== null && rows >= EXPORT_MAX_ROWS };
    }
    cursor = page.nextCursor;
  }
}
