import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { scorecardsRoutes } from "./scorecards.routes";
import { supervisionRoutes } from "./supervision.routes";
import { tasksRoutes } from "./tasks.routes";

/** 交办督办, its supervision views and the units' scorecards: one register line in app.ts. */
export function tasksModule(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(tasksRoutes(ctx));
    await app.register(supervisionRoutes(ctx));
    await app.register(scorecardsRoutes(ctx));
  };
}
