import { esc, printPage, qrSvg } from "../places/html";
import type { ContactCard } from "./contact-cards.repository";

const CSS = `
@page { size: A4; margin: 8mm; }
body { font-family: "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; }
.sheet { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
.card { border: 1px dashed #999; padding: 4mm; height: 64mm; box-sizing: border-box; display: flex; gap: 3mm; break-inside: avoid; }
.card h2 { font-size: 12pt; margin: 0 0 2mm; color: #c0392b; }
.card ul { list-style: none; margin: 0; padding: 0; font-size: 9.5pt; line-height: 1.6; }
.card .qr svg { width: 26mm; height: 26mm; }
.card .slogan { font-size: 9pt; font-weight: bold; margin-top: 2mm; }
@media print { .noprint { display: none; } }
`;

/** Several 便民联系卡 per A4 sheet, cut along the dashed lines and handed to households. */
export async function cardSheetHtml(card: ContactCard, copies: number, base: string): Promise<string> {
  const qr = card.qrToken ? await qrSvg(`${base}/m/p/${card.qrToken}`) : "";
  const members = card.members
    .map((m) => `<li>${esc(m.title)}　${esc(m.name)}　${m.workPhone ? esc(m.workPhone) : ""}</li>`)
    .join("");
  const one = `<div class="card"><div><h2>${esc(card.township ?? "")}${esc(card.village.name)} 便民联系卡</h2>
<ul>${members || "<li>联系人待补充</li>"}</ul><div class="slogan">有事找书记，有事找警察</div></div>
<div class="qr">${qr}${qr ? "<div style='font-size:8pt;text-align:center'>扫码反映</div>" : ""}</div></div>`;
  const body = `<button class="noprint" onclick="window.print()">打印</button>
<div class="sheet">${one.repeat(copies)}</div>`;
  return printPage(`${card.village.name} 便民联系卡`, CSS, body);
}
