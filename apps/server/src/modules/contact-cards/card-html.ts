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
.card .pair { display: flex; gap: 2mm; margin-top: 1mm; font-size: 9pt; }
.card .pair div { border: 1px solid #c0392b; border-radius: 1mm; padding: 1mm 2mm; }
@media print { .noprint { display: none; } }
`;

/** Several 便民联系卡 per A4 sheet, cut along the dashed lines and handed to households. */
export async function cardSheetHtml(card: ContactCard, copies: number, base: string): Promise<string> {
  const qr = card.qrToken ? await qrSvg(`${base}/m/p/${card.qrToken}`) : "";
  const members = card.members
    .map((m) => `<li>${esc(m.title)}　${esc(m.name)}　${m.workPhone ? esc(m.workPhone) : ""}</li>`)
    .join("");
  // 有事找书记，有事找警察: the two people side by side under the slogan, each with a phone.
  const side = (label: string, m: ContactCard["members"][number] | null) =>
    m ? `<div>${label} ${esc(m.name)}<br>☎ ${esc(m.workPhone ?? "—")}</div>` : "";
  const pair = `<div class="pair">${side("书记", card.pair.secretary)}${side("驻村民警", card.pair.officer)}</div>`;
  const one = `<div class="card"><div><h2>${esc(card.township ?? "")}${esc(card.village.name)} 便民联系卡</h2>
<ul>${members || "<li>联系人待补充</li>"}</ul><div class="slogan">有事找书记，有事找警察</div>${pair}</div>
<div class="qr">${qr}${qr ? "<div style='font-size:8pt;text-align:center'>扫码反映</div>" : ""}</div></div>`;
  const body = `<button class="noprint" onclick="window.print()">打印</button>
<div class="sheet">${one.repeat(copies)}</div>`;
  return printPage(`${card.village.name} 便民联系卡`, CSS, body);
}
