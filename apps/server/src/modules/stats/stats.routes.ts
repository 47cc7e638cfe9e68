import { authorize, ZStatsQuery } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { readDbFor } from "../../db/replica";
import { requireUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { statsByChild, statsByFamily, statsOfSubtree, withRates } from "./stats.repository";

export function statsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/stats/summary", { schema: { tags: ["stats"], querystring: ZStatsQuery } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "stats.read", { regionPath: actor.regionPath });
      const rdb = readDbFor(ctx, req);
      const region = await regionForActor(rdb, actor, req.query.region ?? actor.regionCode);
      const now = ctx.clock.now();
      const [children, total, families] = await Promise.all([
        statsByChild(rdb, region.code, now),
        statsOfSubtree(rdb, region.path, now),
        statsByFamily(rdb, region.path, now),
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
