import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { referralsRoutes } from "../referrals/referrals.routes";
import { stationingRoutes } from "../stationing/stationing.routes";
import { windowRoutes } from "./window.routes";

// The center at work (issue 9): one register line in app.ts for the window, stationed units and
// summonses (tag `units`), and 三调对接 referrals.
export function centerRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(windowRoutes(ctx));
    await app.register(stationingRoutes(ctx));
    await app.register(referralsRoutes(ctx));
  };
}
