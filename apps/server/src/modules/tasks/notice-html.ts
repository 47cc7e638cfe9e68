import { esc, printPage } from "../places/html";
import type { TaskWithCase } from "./tasks.repository";

// 督办单: one A4 sheet per task that ran over, yellow or red, printed from the console in a new tab.

const CSS = `
@page { size: A4; margin: 18mm; }
body { font-family: "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #222; }
.sheet { max-width: 174mm; margin: 0 auto; }
h1 { text-align: center; font-size: 24pt; letter-spacing: 6px; margin: 0 0 2mm; }
.level { text-align: center; font-size: 14pt; font-weight: bold; margin: 0 0 6mm; }
.yellow h1, .yellow .level { color: #b8860b; }
.red h1, .red .level { color: #c0392b; }
table { width: 100%; border-collapse: collapse; font-size: 12pt; }
th, td { border: 1px solid #555; padding: 3mm; text-align: left; vertical-align: top; }
th { width: 32mm; background: #f4f4f4; white-space: nowrap; }
.basis { margin-top: 6mm; font-size: 11pt; line-height: 1.7; }
.sign { margin-top: 16mm; text-align: right; font-size: 12pt; line-height: 2; }
@media print { .noprint { display: none; } }
`;

const beijing = (v: Date | string | null) =>
  v === null
    ? ""
    : new Date(new Date(v).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");

/** "2天3小时" — how long past the deadline the unit is (or was, when it finally acted). */
export function overdueWords(ms: number): string {
  if (ms <= 0) return "未超期";
  const hours = Math.floor(ms / 3600_000);
  const days = Math.floor(hours / 24);
  return days > 0 ? `${days}天${hours % 24}小时` : `${hours}小时${Math.floor((ms % 3600_000) / 60_000)}分钟`;
}

export function noticeHtml(t: TaskWithCase, now: Date, open: boolean): string {
  const red = t.supervision === "red";
  const stage = t.overdue_stage === "sign" ? "sign" : "reply";
  const due = stage === "sign" ? t.sign_due_at : t.due_at;
  const doneAt = stage === "sign" ? t.signed_at : t.answered_at;
  const until = open || doneAt === null ? now : new Date(doneAt);
  const overdue = overdueWords(until.getTime() - new Date(due).getTime());
  const issued = red ? t.red_at : t.yellow_at;
  const role = t.role === "lead" ? "主办" : "协办";
  const ask =
    stage === "sign"
      ? "请立即签收，并于答复期限内报送办理结果。"
      : "请立即办理，并将办理结果及佐证材料报送综治中心。";
  const body = `<div class="sheet ${red ? "red" : "yellow"}">
<h1>督 办 单</h1>
<p class="level">${red ? "红色督办（第二次）" : "黄色督办"}</p>
<table>
<tr><th>案件编号</th><td>${esc(t.case_code)}</td></tr>
<tr><th>案件</th><td>${esc(t.case_title)}</td></tr>
<tr><th>承办单位</th><td>${esc(t.unit_name)}（${role}）</td></tr>
<tr><th>交办事项</th><td>${esc(t.instructions)}</td></tr>
<tr><th>交办时间</th><td>${beijing(t.dispatched_at)}</td></tr>
<tr><th>${stage === "sign" ? "签收期限" : "办理期限"}</th><td>${beijing(due)}</td></tr>
<tr><th>超期</th><td>${stage === "sign" ? "未按期签收" : "未按期答复"}，已超期 ${overdue}${doneAt ? `（${beijing(doneAt)} 已${stage === "sign" ? "签收" : "答复"}）` : ""}</td></tr>
<tr><th>督办时间</th><td>${beijing(issued)}</td></tr>
</table>
<p class="basis">${ask}<br>依据：${esc(t.basis)}</p>
<p class="sign">综治中心（盖章）<br>${beijing(issued).slice(0, 10)}</p>
<button class="noprint" onclick="window.print()">打印</button>
</div>`;
  return printPage(`督办单 · ${t.case_code}`, CSS, body);
}
