import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { villagePoliceRoutes } from "../village-police/officers.routes";
import { tourismRoutes } from "./tourism.routes";

/** 有事找警察 (village officers) and 旅游警务 (posts, answer clock, roster): one register line in app.ts. */
export function tourModule(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(villagePoliceRoutes(ctx));
    await app.register(tourismRoutes(ctx));
  };
}
