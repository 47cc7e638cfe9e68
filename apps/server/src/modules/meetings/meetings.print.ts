import { MEETING_KIND_NAMES, type MeetingKind, type TMeetingView } from "@fengqiao/core";
import { esc, printPage } from "../places/html";

// 会议纪要: the printable minutes of a meeting, A4, opened in a new tab from the console. Case codes
// and titles only: no party's phone or ID number is printed.

const CSS = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "WenQuanYi Micro Hei", serif; font-size: 11pt; color: #000; margin: 0; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 2pt; margin: 0 0 4mm; }
.sub { text-align: center; margin-bottom: 6mm; }
table { width: 100%; border-collapse: collapse; margin: 2mm 0 5mm; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; width: 22%; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; }
.minutes { white-space: pre-wrap; border: 1px solid #000; padding: 3mm; min-height: 30mm; }
.sign { margin-top: 12mm; display: flex; justify-content: space-between; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
`;

const bj = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString("zh-CN", {
        timeZone: "Asia/Shanghai",
        hour12: false,
        dateStyle: "long",
        timeStyle: "short",
      })
    : "—";

const ATTEND: Record<string, string> = { present: "出席", absent: "缺席", excused: "请假" };
const STATUS: Record<string, string> = { open: "办理中", done: "已办结", dropped: "已撤销" };
const STATE: Record<string, string> = {
  planned: "待召开",
  held: "已召开",
  closed: "已办结",
  cancelled: "已取消",
};
const OUTCOME: Record<string, string> = { resolve: "化解办结", refer: "引导分流", escalate: "上交" };

export function minutesHtml(m: TMeetingView): string {
  const kind = MEETING_KIND_NAMES[m.kind as MeetingKind].zh;
  const codes = new Map(m.cases.map((c) => [c.id, c.code]));
  const rows = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join("");
  const cases = m.cases.map((c) => `${esc(c.code)}　${esc(c.title)}`).join("<br>");
  const invitees = m.invitees
    .map(
      (i) =>
        `<tr><td>${esc(i.name)}</td><td>${esc(i.org ?? "")}</td><td>${esc(i.attendance ? ATTEND[i.attendance] : "—")}</td></tr>`,
    )
    .join("");
  const decisions = m.decisions
    .map(
      (
        d,
      ) => `<tr><td>${d.seq}</td><td>${esc(d.text)}<br><small>案件：${esc(d.caseIds.map((id) => codes.get(id) ?? id).join("、"))}</small></td>
<td>${esc(d.ownerName)}</td><td>${esc(bj(d.dueAt))}<br><small>${esc(d.basis)}</small></td>
<td>${esc(STATUS[d.status])}${d.overdue ? "（逾期）" : ""}${d.result ? `<br>${esc(d.result)}` : ""}</td></tr>`,
    )
    .join("");
  const outcomes = m.outcomes
    .map(
      (o) =>
        `<tr><td>${esc(codes.get(o.caseId) ?? o.caseId)}</td><td>${esc(OUTCOME[o.type] ?? o.type)}${o.to ? `：${esc(o.to)}` : ""}</td><td>${esc(o.text)}</td></tr>`,
    )
    .join("");
  const body = `<h1>${esc(kind)}会议纪要</h1>
<div class="sub">${esc(m.title)}</div>
<table>${rows([
    ["会议类型", esc(kind)],
    ["召集单位辖区", esc(m.regionName)],
    ["召集人", esc(m.convenedBy)],
    ["时间", esc(bj(m.heldAt ?? m.startsAt))],
    ["地点", esc(m.place)],
    ["状态", esc(STATE[m.state])],
    ["议题案件", cases],
  ])}</table>
<h2>参会单位及人员</h2>
<table><tr><th>单位/人员</th><th>所属</th><th>出席情况</th></tr>${invitees || '<tr><td colspan="3">—</td></tr>'}</table>
<h2>会议记录</h2>
<div class="minutes">${esc(m.minutes ?? (m.state === "cancelled" ? `会议已取消：${m.cancelReason ?? ""}` : "（会议尚未召开）"))}</div>
${outcomes ? `<h2>拍板结论</h2><table><tr><th>案件编号</th><th>结论</th><th>理由</th></tr>${outcomes}</table>` : ""}
<h2>议定事项</h2>
<table><tr><th>序号</th><th>事项</th><th>承办</th><th>期限及依据</th><th>办理情况</th></tr>${decisions || '<tr><td colspan="5">无</td></tr>'}</table>
<div class="sign"><span>记录人：</span><span>主持人（签字）：</span><span>年　　月　　日</span></div>`;
  return printPage(`${kind}会议纪要 ${m.cases.map((c) => c.code).join(" ")}`, CSS, body);
}
