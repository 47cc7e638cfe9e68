import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { campaignsRoutes } from "./campaigns.routes";
import { householdsRoutes } from "./households.routes";
import { opinionsTodayRoutes } from "./opinions.routes";
import { photosRoutes } from "./photos.routes";
import { visitsRoutes } from "./visits.routes";

/** Field work (issue 12, FIELD-API.md): the API of the /g/ phone app and the console's field pages. */
export function fieldModule(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(householdsRoutes(ctx));
    await app.register(photosRoutes(ctx));
    await app.register(visitsRoutes(ctx));
    await app.register(campaignsRoutes(ctx));
    await app.register(opinionsTodayRoutes(ctx));
  };
}
