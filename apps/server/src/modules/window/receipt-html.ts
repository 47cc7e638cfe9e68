import { localDate, SERVICES } from "@fengqiao/core";
import type { CaseRow } from "../../db/schema";
import { esc, printPage, qrSvg } from "../places/html";

// 受理回执: half an A4 page the visitor takes home — the case code, the date, the services and how to
// follow the case. The 查询码 is shown once at registration and never stored in clear, so the page
// gets it from the URL fragment (#pin=…), which browsers do not send to the server.

const CSS = `
@page { size: A4; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #111; margin: 0; }
.receipt { max-width: 180mm; min-height: 128mm; margin: 0 auto; padding: 8mm; border: 1px dashed #888; box-sizing: border-box; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; }
.code { font-size: 18pt; font-weight: 700; letter-spacing: 1px; text-align: center; margin: 2mm 0 4mm; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; }
th { text-align: left; width: 28mm; color: #444; font-weight: normal; padding: 1.5mm 0; vertical-align: top; }
td { padding: 1.5mm 0; }
.track { display: flex; gap: 6mm; align-items: center; margin-top: 4mm; font-size: 10.5pt; }
.track svg { width: 30mm; height: 30mm; flex: none; }
.pin { font-size: 14pt; font-weight: 700; }
.foot { margin-top: 4mm; font-size: 9pt; color: #555; display: flex; justify-content: space-between; }
@media screen and (max-width: 600px) { .receipt { border: none; padding: 4mm; } .track { flex-direction: column; align-items: flex-start; } }
@media print { .noprint { display: none; } }
`;

const DISPOSITION: Record<string, string> = {
  accept: "已受理，按四级七天流程办理",
  refer: "已登记，转交其他部门处理（见下）",
  reject: "已登记，不予受理（理由见下）",
};

export async function receiptHtml(o: {
  row: CaseRow;
  centerName: string;
  disposition: string;
  reason: string | null;
  ticket: string | null;
  trackUrl: string;
  now: Date;
}): Promise<string> {
  const { row } = o;
  const names = row.services.map((s) => SERVICES.find((x) => x.code === s)?.zh ?? s).join("、") || "—";
  const qr = await qrSvg(o.trackUrl);
  const body = `
<div class="receipt">
  <h1>受理回执</h1>
  <div class="code">案件编号：${esc(row.code)}</div>
  <table>
    <tr><th>受理单位</th><td>${esc(o.centerName)}综治中心（一站式窗口）</td></tr>
    <tr><th>受理日期</th><td>${esc(localDate(new Date(row.created_at)))}</td></tr>
    ${o.ticket ? `<tr><th>排队号</th><td>${esc(o.ticket)}</td></tr>` : ""}
    <tr><th>服务事项</th><td>${esc(names)}</td></tr>
    <tr><th>事项</th><td>${esc(row.title)}</td></tr>
    <tr><th>办理情况</th><td>${esc(DISPOSITION[o.disposition] ?? DISPOSITION.accept)}</td></tr>
    ${o.reason ? `<tr><th>说明</th><td>${esc(o.reason)}</td></tr>` : ""}
  </table>
  <div class="track">
    ${qr}
    <div>
      <div>进度查询：扫码或访问 <b>${esc(o.trackUrl)}</b></div>
      <div>输入案件编号和登记手机号后四位${row.reporter_phone_last4 ? "" : "（未登记手机号的请用查询码）"}，或输入查询码。</div>
      <div>查询码：<span class="pin" id="pin">（仅登记时显示一次，请向窗口索取）</span></div>
      <div>办结后可在同一页面评价；不满意将重新办理。</div>
    </div>
  </div>
  <div class="foot"><span>请妥善保管本回执</span><span>打印时间 ${esc(localDate(o.now))}</span></div>
</div>
<p class="noprint" style="text-align:center"><button onclick="window.print()">打印 Print</button></p>
<script>
  var m = /(?:^|[#&])pin=(\\d{6})/.exec(location.hash);
  if (m) document.getElementById("pin").textContent = m[1];
</script>`;
  return printPage(`受理回执 ${row.code}`, CSS, body);
}
