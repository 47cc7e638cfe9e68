import { authorize, ZStatsQuery } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { statsByChild, statsByFamily, statsOfSubtree, withRates } from "./stats.repository";

export function statsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/stats/summary", { schema: { tags: ["stats"], querystring: ZStatsQuery } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "stats.read", { regionPath: actor.regionPath });
      const region = await regionForActor(ctx.db, actor, req.query.region ?? actor.regionCode);
      const now = ctx.clock.now();
      const [children, total, families] = await Promise.all([
        statsByChild(ctx.db, region.code, now),
        statsOfSubtree(ctx.db, region.path, now),
        statsByFamily(ctx.db, region.path, now),
      ]);
      return {
        region: { code: region.code, name: region.name, level: region.level },
        asOf: now.toISOString(),
        total: withRates(total),
        byFamily: families.map(({ family, name, ...s }) => ({ family, name, ...withRates(s) })),
        items: children.map(({ code, name, level, ...s }) => ({ code, name, level, ...withRates(s) })),
      };
    });
  };
}
