import { authorize, ZDashboard, ZDashboardQuery } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { readDbFor } from "../../db/replica";
import { requireUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { briefRoutes } from "./brief.routes";
import { dashboard } from "./dashboard.service";
import { riskRoutes } from "./risk.routes";

/** GET /dashboard: the leaders' figures for a region of the user's jurisdiction (reads only). */
export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(briefRoutes(ctx));
    await app.register(riskRoutes(ctx));
    app.get(
      "/dashboard",
      { schema: { tags: ["dashboard"], querystring: ZDashboardQuery, response: { 200: ZDashboard } } },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "stats.read", { regionPath: actor.regionPath });
        const rdb = readDbFor(ctx, req);
        const region = await regionForActor(rdb, actor, req.query.region ?? actor.regionCode);
        return dashboard(rdb, {
          region,
          actorPath: actor.regionPath,
          query: req.query,
          now: ctx.clock.now(),
        });
      },
    );
  };
}
