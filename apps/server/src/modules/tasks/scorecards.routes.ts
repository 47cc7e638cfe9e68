import { authorize, monthToDate, type TScorecardQuery, ZScorecardQuery, ZScorecards } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { excel } from "../../lib/excel";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { esc, printPage } from "../places/html";
import { regionForActor } from "../regions/regions.commands";
import { cellOf, SCORECARD_COLUMNS, scorecards } from "./scorecards";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSS = `
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #222; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; }
p { text-align: center; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
th, td { border: 1px solid #555; padding: 1.5mm 2mm; text-align: center; }
td:first-child { text-align: left; }
@media print { .noprint { display: none; } }
`;

export function scorecardsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    // The period by default: the month so far in Beijing days by the server's clock — a browser in
    // another time zone (or behind the test clock) would otherwise cut off today's work.
    const load = async (actor: SessionUser, q: TScorecardQuery) => {
      authorize(actor, "supervision.read", { regionPath: actor.regionPath });
      const path = q.region ? (await regionForActor(ctx.db, actor, q.region)).path : actor.regionPath;
      const now = ctx.clock.now();
      const month = monthToDate(now);
      const from = q.from ?? (q.to ? `${q.to.slice(0, 8)}01` : month.from);
      const to = q.to ?? month.to;
      return { from, to, units: await scorecards(ctx.db, path, from, to, now) };
    };

    app.get(
      "/scorecards",
      { schema: { tags: ["scorecards"], querystring: ZScorecardQuery, response: { 200: ZScorecards } } },
      async (req) => load(requireUser(req), req.query),
    );

    app.get(
      "/scorecards.xlsx",
      { schema: { tags: ["scorecards"], querystring: ZScorecardQuery } },
      async (req, reply) => {
        const actor = requireUser(req);
        const { from, to, units: rows } = await load(actor, req.query);
        const wb = new (await excel()).Workbook();
        const sheet = wb.addWorksheet("效果联评");
        sheet.columns = SCORECARD_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
        sheet.getRow(1).font = { bold: true };
        for (const r of rows)
          sheet.addRow(Object.fromEntries(SCORECARD_COLUMNS.map((c) => [c.key, cellOf(r, c.key)])));
        await audit(ctx.db, {
          at: ctx.clock.now(),
          actorId: actor.userId,
          action: "scorecards.exported",
          entity: "scorecard",
          data: { ...req.query, from, to },
        });
        const name = `scorecards-${from}-${to}.xlsx`;
        return reply
          .header("content-type", XLSX)
          .header("content-disposition", `attachment; filename="${name}"`)
          .send(Buffer.from(await wb.xlsx.writeBuffer()));
      },
    );

    app.get(
      "/scorecards/print",
      { schema: { tags: ["scorecards"], querystring: ZScorecardQuery } },
      async (req, reply) => {
        const { from, to, units: rows } = await load(requireUser(req), req.query);
        const head = SCORECARD_COLUMNS.map((c) => `<th>${esc(c.zh)}</th>`).join("");
        const body = rows
          .map(
            (r) => `<tr>${SCORECARD_COLUMNS.map((c) => `<td>${esc(cellOf(r, c.key))}</td>`).join("")}</tr>`,
          )
          .join("");
        const html = printPage(
          "效果联评",
          CSS,
          `<h1>入驻单位效果联评</h1><p>统计期间：${esc(from)} 至 ${esc(to)}（只计结果，不计登录、点击、打卡）</p>
<table><thead><tr>${head}</tr></thead><tbody>${body || `<tr><td colspan="${SCORECARD_COLUMNS.length}">本期无数据</td></tr>`}</tbody></table>
<button class="noprint" onclick="window.print()">打印</button>`,
        );
        return reply.type("text/html; charset=utf-8").send(html);
      },
    );
  };
}
