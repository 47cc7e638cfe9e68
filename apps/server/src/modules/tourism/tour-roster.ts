import { authorize, type DutyDay, dateSpan, dutyForecast, localDate } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { esc, printPage } from "../places/html";
import { type PostView, postForActor } from "./tour-posts";
import { tourSettings } from "./tour-settings";

// 警随景动: the post's duty roster. Core proposes officers per day from last year's reports at the spot
// (same ISO week) and the holiday calendar; the post edits the proposal, saves it, prints it.

export interface RosterDay {
  date: string;
  forecast: DutyDay;
  /** What the post saved; null: the proposal stands. */
  saved: { officers: number; names: string[]; note: string | null } | null;
}

const YEAR = 365 * 86_400_000;

/** Local dates of the spot's QR reports in last year's matching span (± two weeks for whole ISO weeks). */
async function lastYearReports(db: Db, placeId: string, days: string[]): Promise<string[]> {
  const first = new Date(`${days[0]}T00:00:00+08:00`).getTime() - YEAR - 14 * 86_400_000;
  const last = new Date(`${days[days.length - 1]}T00:00:00+08:00`).getTime() - YEAR + 15 * 86_400_000;
  const r = await sql<{ d: string }>`
    SELECT to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS d
    FROM case_origins o JOIN cases c ON c.id = o.case_id
    WHERE o.place_id = ${placeId} AND c.created_at >= ${new Date(first)} AND c.created_at < ${new Date(last)}`.execute(
    db,
  );
  return r.rows.map((x) => x.d);
}

export async function roster(o: {
  ctx: AppContext;
  actor: SessionUser;
  placeId: string;
  from?: string;
  days: number;
}) {
  const { ctx, actor } = o;
  const post = await postForActor(ctx.db, actor, o.placeId);
  const days = dateSpan(o.from ?? localDate(ctx.clock.now()), o.days);
  const [settings, reports, saved] = await Promise.all([
    tourSettings(ctx.db),
    lastYearReports(ctx.db, post.placeId, days),
    ctx.db
      .selectFrom("tour_duty")
      .select(["day", "officers", "names", "note"])
      .where("place_id", "=", post.placeId)
      .where("day", ">=", days[0] as string)
      .where("day", "<=", days[days.length - 1] as string)
      .execute(),
  ]);
  const byDay = new Map(saved.map((s) => [s.day, s]));
  const forecast = dutyForecast({ days, lastYearReports: reports, settings });
  const items: RosterDay[] = forecast.map((f) => {
    const s = byDay.get(f.date);
    return {
      date: f.date,
      forecast: f,
      saved: s ? { officers: s.officers, names: s.names, note: s.note } : null,
    };
  });
  return { post, items };
}

/** Saves the edited days of the roster (upsert per day), with one audit row. */
export async function saveRoster(o: {
  ctx: AppContext;
  actor: SessionUser;
  placeId: string;
  days: { date: string; officers: number; names: string[]; note: string | null }[];
}) {
  const { ctx, actor } = o;
  const post = await postForActor(ctx.db, actor, o.placeId);
  authorize(actor, "tour.roster", { regionPath: post.regionPath, assignedUnitId: post.unitId });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    for (const d of o.days) {
      const values = {
        officers: d.officers,
        names: d.names,
        note: d.note,
        updated_by: actor.userId,
        updated_at: now,
      };
      await tx
        .insertInto("tour_duty")
        .values({ place_id: post.placeId, day: d.date, ...values })
        .onConflict((oc) => oc.columns(["place_id", "day"]).doUpdateSet(values))
        .execute();
    }
    const data = { days: o.days.map((d) => d.date) };
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "tourism.roster_saved",
      entity: "place",
      entityId: post.placeId,
      data,
    });
  });
  return { saved: o.days.length };
}

const CSS = `
@page { size: A4; margin: 12mm; }
body { font-family: "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #222; font-size: 10.5pt; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
.sub { text-align: center; color: #555; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #888; padding: 1.5mm 2mm; text-align: left; }
tr.hol td { background: #fdecea; }
.foot { margin-top: 4mm; font-size: 9pt; color: #555; }
@media print { .noprint { display: none; } }
`;

const WEEKDAY = ["日", "一", "二", "三", "四", "五", "六"];

/** 旅游警务室执勤表: one A4 page per span, the proposal where nothing was saved. */
export function rosterHtml(post: PostView, items: RosterDay[], printedAt: Date): string {
  const rows = items
    .map((d) => {
      const f = d.forecast;
      const wd = WEEKDAY[new Date(`${d.date}T00:00:00Z`).getUTCDay()] ?? "";
      const officers = d.saved?.officers ?? f.officers;
      const names = d.saved?.names.join("、") ?? "";
      return `<tr class="${f.holiday ? "hol" : ""}"><td>${esc(d.date)}（${wd}）</td><td>${esc(f.holiday?.zh ?? "")}</td>
<td>${f.lastYearWeekReports}</td><td>${f.officers}</td><td><b>${officers}</b></td><td>${esc(names)}</td><td>${esc(d.saved?.note ?? "")}</td></tr>`;
    })
    .join("");
  const body = `<button class="noprint" onclick="window.print()">打印</button>
<h1>${esc(post.name)} 执勤表</h1>
<p class="sub">${esc(post.place)} · ${esc(post.unitName)}${post.phone ? ` · ☎ ${esc(post.phone)}` : ""} · ${esc(items[0]?.date ?? "")} 至 ${esc(items[items.length - 1]?.date ?? "")}</p>
<table><thead><tr><th>日期</th><th>节假日</th><th>去年同周报事</th><th>建议警力</th><th>安排警力</th><th>执勤民警</th><th>备注</th></tr></thead>
<tbody>${rows}</tbody></table>
<p class="foot">建议警力 =（最少警力 + 去年同周日均报事 ÷ 每警日处置量）× 节假日系数，向上取整；国庆、春节黄金周系数更高。打印时间：${esc(localDate(printedAt))}</p>`;
  return printPage(`${post.name} 执勤表`, CSS, body);
}
