import { CATEGORIES, KPI_DEFINITIONS, type TDashboard } from "@fengqiao/core";
import { esc, printPage } from "../places/html";

// 周报: one A4 page from the dashboard's own figures for a week (Monday–Sunday, Beijing), against
// the week before. Plain HTML served by the server; the PDF is Chromium printing this very page.

const CATEGORY_ZH = new Map<string, string>(CATEGORIES.map((c) => [c.code, c.zh]));
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);
const delta = (now: number, before: number) => {
  const d = now - before;
  return d === 0 ? "持平" : d > 0 ? `↑${d}` : `↓${-d}`;
};
const REASON_ZH: Record<string, string> = {
  callback: "回电超时",
  overdue: "超期",
  failedMediation: "调解失败",
  highRisk: "高风险",
};

const CSS = `@page { size: A4; margin: 14mm 12mm; }
body { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 11pt; color: #111; margin: 0; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm; }
.sub { text-align: center; color: #555; margin-bottom: 5mm; }
h2 { font-size: 12pt; border-left: 3pt solid #c00; padding-left: 2mm; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.5pt solid #999; padding: 1.2mm 2mm; text-align: left; }
th { background: #f3f3f3; font-weight: 600; }
td.n { text-align: right; }
.defs { font-size: 8.5pt; color: #555; margin-top: 5mm; }
@media screen { body { max-width: 186mm; margin: 10mm auto; } }`;

export function briefHtml(o: { week: TDashboard; before: TDashboard; generatedAt: string }): string {
  const k = o.week.kpis;
  const b = o.before.kpis;
  const row = (
    key: keyof typeof KPI_DEFINITIONS,
    now: string | number,
    before: string | number,
    cmp: string,
  ) =>
    `<tr><td>${esc(KPI_DEFINITIONS[key].name.zh)}</td><td class="n">${esc(now)}</td><td class="n">${esc(before)}</td><td>${esc(cmp)}</td></tr>`;
  const counts = (
    ["received", "accepted", "notAccepted", "referred", "resolved", "closedNotResolved"] as const
  )
    .map((key) => row(key, k[key], b[key], delta(k[key], b[key])))
    .join("");
  const rates = (
    [
      "villageRate",
      "townshipRate",
      "notUpwardRate",
      "closure7Rate",
      "callbackOnTimeRate",
      "satisfactionRate",
      "reopenRate",
    ] as const
  )
    .map((key) => row(key, pct(k[key]), pct(b[key]), ""))
    .join("");
  const children = o.week.children
    .map(
      (c) =>
        `<tr><td>${esc(c.name)}</td><td class="n">${c.received}</td><td class="n">${c.resolved}</td><td class="n">${pct(c.villageRate)}</td><td class="n">${c.open}</td><td class="n">${c.red}</td></tr>`,
    )
    .join("");
  const cats = o.week.byCategory
    .slice(0, 8)
    .map(
      (c) =>
        `<tr><td>${esc(CATEGORY_ZH.get(c.code) ?? c.code)}</td><td class="n">${c.received}</td><td class="n">${c.resolved}</td></tr>`,
    )
    .join("");
  const reds = o.week.red
    .slice(0, 10)
    .map(
      (c) =>
        `<tr><td>${esc(c.code)}</td><td>${esc(c.title)}</td><td>${esc(c.regionName)}</td><td>${esc(c.reasons.map((r) => REASON_ZH[r] ?? r).join("、"))}</td></tr>`,
    )
    .join("");
  const { from, to } = o.week.period;
  const body = `<h1>${esc(o.week.region.name)}矛盾纠纷调处化解工作周报</h1>
<div class="sub">${esc(from)} 至 ${esc(to)} · 当前在办 ${o.week.now.open} 件，红色预警 ${o.week.now.red} 件，超期 ${o.week.now.overdue} 件</div>
<h2>一、本周受理与办理（与上周比较）</h2>
<table><tr><th>指标</th><th>本周</th><th>上周</th><th>变化</th></tr>${counts}${rates}</table>
<h2>二、下级区划</h2>
<table><tr><th>区划</th><th>登记</th><th>化解</th><th>小事不出村</th><th>在办</th><th>红色</th></tr>${children || '<tr><td colspan="6">无</td></tr>'}</table>
<h2>三、类别构成</h2>
<table><tr><th>类别</th><th>登记</th><th>化解</th></tr>${cats || '<tr><td colspan="3">无</td></tr>'}</table>
<h2>四、红色预警案件</h2>
<table><tr><th>案件编号</th><th>标题</th><th>区划</th><th>原因</th></tr>${reds || '<tr><td colspan="4">当前无红色预警案件</td></tr>'}</table>
<div class="defs">口径：${esc(KPI_DEFINITIONS.received.def.zh)}；${esc(KPI_DEFINITIONS.villageRate.def.zh)}；${esc(KPI_DEFINITIONS.townshipRate.def.zh)}；${esc(KPI_DEFINITIONS.notUpwardRate.def.zh)}。生成时间 ${esc(o.generatedAt)}。</div>`;
  return printPage(`${o.week.region.name}周报 ${from}`, CSS, body);
}
