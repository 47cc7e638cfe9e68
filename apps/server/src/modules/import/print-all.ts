import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { cardSheetHtml } from "../contact-cards/card-html";
import { contactCard } from "../contact-cards/contact-cards.repository";
import { esc, printPage } from "../places/html";
import { listPlaces } from "../places/places.repository";
import { posterHtml } from "../places/poster";
import { callbackMinutes } from "../policies/rules";

// The poster and card pages stay the places and contact-cards modules' own; this page takes their
// bodies and styles apart and prints them one after another, each on its own A4 page.
const part = (html: string, tag: "style" | "body") =>
  new RegExp(`<${tag}>([\\s\\S]*)</${tag}>`).exec(html)?.[1] ?? "";

const CSS = `
.page { break-after: page; }
.page:last-child { break-after: auto; }
.cover table { border-collapse: collapse; width: 100%; font-size: 10pt; }
.cover td, .cover th { border: 1px solid #ccc; padding: 1mm 2mm; text-align: left; }
.cover .warn { color: #c0392b; }
`;

/** Every village's 码上反映 posters and a sheet of its 便民联系卡, in one printable page. */
export async function printAllHtml(
  ctx: AppContext,
  region: { path: string; name: string },
  base: string,
  copies: number,
): Promise<{ html: string; villages: number; posters: number }> {
  const villages = await ctx.db
    .selectFrom("regions")
    .select(["code", "name"])
    .where("level", "=", "village")
    .where(atOrBelow("path", region.path))
    .orderBy("code")
    .execute();
  const places = await listPlaces(ctx.db, region.path, 100_000);
  const minutes = await callbackMinutes(ctx.rules);
  const styles = new Set<string>();
  const pages: string[] = [];
  const rows: string[] = [];
  let posters = 0;
  for (const v of villages) {
    const mine = places.filter((p) => p.villageCode === v.code).sort((a, b) => a.name.localeCompare(b.name));
    for (const p of mine) {
      const html = await posterHtml(ctx.db, p, base, minutes);
      styles.add(part(html, "style"));
      pages.push(`<section class="page">${part(html, "body")}</section>`);
    }
    posters += mine.length;
    const card = await contactCard(ctx.db, v.code);
    const sheet = await cardSheetHtml(card, copies, base);
    styles.add(part(sheet, "style"));
    pages.push(`<section class="page">${part(sheet, "body")}</section>`);
    const nobody = card.members.length === 0;
    rows.push(
      `<tr><td>${esc(card.township ?? "")}</td><td>${esc(v.name)}</td><td>${mine.length}</td><td${nobody ? ' class="warn"' : ""}>${nobody ? "联系人待补充" : card.members.length}</td></tr>`,
    );
  }
  const cover = `<section class="page cover"><h2>${esc(region.name)} 码上反映海报与便民联系卡</h2>
<p>${villages.length} 个村（社区），${posters} 张海报，每村一页联系卡（每页 ${copies} 张）。</p>
<table><tr><th>乡镇</th><th>村（社区）</th><th>海报</th><th>联系卡人数</th></tr>${rows.join("")}</table></section>`;
  const html = printPage(
    `${region.name} 海报与联系卡`,
    [...styles, CSS].join("\n"),
    cover + pages.join("\n"),
  );
  return { html, villages: villages.length, posters };
}
