import { AppError, authorize } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { perPerson } from "../../plugins/rate-limit-store";
import { regionForActor } from "../regions/regions.commands";
import { briefPdf, buildBrief, DELIVERY_KEY, ZBriefDelivery } from "./brief";

const ZBriefQuery = z.object({
  region: z
    .string()
    .regex(/^\d{2,15}$/)
    .optional(),
  week: z.iso.date().optional(),
});

function requireAdmin(actor: SessionUser) {
  if (!actor.roles.includes("admin")) throw new AppError("FORBIDDEN");
}

/** 周报: printable page, PDF, and its delivery settings (admin). */
export function briefRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const load = async (req: { query: z.infer<typeof ZBriefQuery> }, actor: SessionUser) => {
      authorize(actor, "stats.read", { regionPath: actor.regionPath });
      const region = await regionForActor(ctx.db, actor, req.query.region ?? actor.regionCode);
      return { region, brief: await buildBrief(ctx, region, actor.regionPath, req.query.week) };
    };
    app.get(
      "/brief.html",
      { schema: { tags: ["dashboard"], querystring: ZBriefQuery } },
      async (req, reply) => {
        const { brief } = await load(req, requireUser(req));
        return reply.type("text/html; charset=utf-8").send(brief.html);
      },
    );
    app.get(
      "/brief.pdf",
      // Each PDF is a Chromium print: a few a minute per person.
      { schema: { tags: ["dashboard"], querystring: ZBriefQuery }, config: perPerson(5, "1 minute") },
      async (req, reply) => {
        const { region, brief } = await load(req, requireUser(req));
        const pdf = await briefPdf(brief.html);
        if (!pdf) {
          return reply.code(501).send({
            error: "PDF_UNAVAILABLE",
            message: "本机未安装 Chromium，请打开周报网页后用浏览器打印为 PDF（A4）",
            messages: {
              zh: "本机未安装 Chromium，请打开周报网页后用浏览器打印为 PDF（A4）",
              en: "Chromium is not installed here: open the brief page and print it to PDF (A4) from the browser",
            },
          });
        }
        return reply
          .type("application/pdf")
          .header("content-disposition", `attachment; filename="brief-${region.code}-${brief.week.from}.pdf"`)
          .send(pdf);
      },
    );
    app.get("/brief/settings", { schema: { tags: ["dashboard"] } }, async (req) => {
      requireAdmin(requireUser(req));
      const row = await ctx.db
        .selectFrom("settings")
        .select("value")
        .where("key", "=", DELIVERY_KEY)
        .executeTakeFirst();
      return { delivery: row?.value ?? null };
    });
    app.put("/brief/settings", { schema: { tags: ["dashboard"], body: ZBriefDelivery } }, async (req) => {
      const actor = requireUser(req);
      requireAdmin(actor);
      await regionForActor(ctx.db, actor, req.body.region);
      await ctx.db
        .insertInto("settings")
        .values({ key: DELIVERY_KEY, value: JSON.stringify(req.body) })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(req.body) }))
        .execute();
      return { delivery: req.body };
    });
  };
}
