import type { Db } from "../../db/database";
import { esc, printPage, qrSvg } from "./html";
import { PLACE_KIND_ZH, type PlaceKind, type PlaceView, villageContacts } from "./places.repository";

const CSS = `
@page { size: A4; margin: 12mm; }
body { font-family: "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #222; }
.poster { max-width: 180mm; margin: 0 auto; text-align: center; border: 3px solid #c0392b; padding: 10mm; }
h1 { font-size: 30pt; color: #c0392b; margin: 0 0 4mm; letter-spacing: 4px; }
.place { font-size: 16pt; margin: 0 0 6mm; }
.qr svg { width: 95mm; height: 95mm; }
.how { text-align: left; font-size: 12pt; line-height: 1.7; margin: 6mm 0; }
.contacts { display: flex; flex-wrap: wrap; gap: 4mm; justify-content: center; font-size: 12pt; }
.contacts div { border: 1px solid #ccc; border-radius: 2mm; padding: 2mm 4mm; }
.url { font-size: 9pt; color: #666; word-break: break-all; }
@media print { .noprint { display: none; } }
`;

/** 码上反映 poster: the QR code, the place, who answers in this village, and how to use it. */
export async function posterHtml(
  db: Db,
  place: PlaceView,
  base: string,
  /** null when the 码上反映 policy promises no callback: the poster then promises none either. */
  callbackMinutes: number | null,
): Promise<string> {
  const url = `${base}/m/p/${place.token}`;
  const contacts = place.villageCode ? await villageContacts(db, place.villageCode) : [];
  const kind = PLACE_KIND_ZH[place.kind as PlaceKind] ?? "";
  const people = contacts
    .map((c) => `<div>${esc(c.title)}：${esc(c.name)}${c.workPhone ? `　☎ ${esc(c.workPhone)}` : ""}</div>`)
    .join("");
  const body = `<div class="poster">
<h1>码上反映</h1>
<p class="place">${esc(place.villageName ?? "")} · ${esc(place.regionName)} · ${esc(place.name)}（${esc(kind)}）</p>
<div class="qr">${await qrSvg(url)}</div>
<div class="how"><b>怎么用：</b><br>
1. 用手机微信或浏览器扫描上方二维码，无需下载应用、无需注册。<br>
2. 选择“我要报事”反映矛盾纠纷和困难，或选择“我有话说”提出意见建议。<br>
3. 提交后会显示受理编号${callbackMinutes === null ? "" : `；留下手机号的，村干部将在 ${callbackMinutes} 分钟内回电联系`}。<br>
4. 凭受理编号和手机号后四位，可随时查询办理进度并评价。</div>
<p><b>有事找书记，有事找警察</b></p>
<div class="contacts">${people || "<div>联系人待补充</div>"}</div>
<p class="url">${esc(url)}</p>
<button class="noprint" onclick="window.print()">打印</button>
</div>`;
  return printPage(`码上反映 · ${place.name}`, CSS, body);
}
