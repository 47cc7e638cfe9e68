import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { apiClientsRoutes } from "../api-clients/api-clients.routes";
import { outboxAdminRoutes } from "../api-clients/outbox-admin.routes";
import { contactCardStaffRoutes } from "../contact-cards/contact-cards.routes";
import { placesRoutes } from "../places/places.routes";
import { callbackRoutes } from "./callback";
import { opinionsRoutes } from "./opinions.routes";

/** Staff routes of the citizen doors, under /api/v1 (session, CSRF, role and jurisdiction). */
export function citizenStaffRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(placesRoutes(ctx));
    await app.register(callbackRoutes(ctx));
    await app.register(opinionsRoutes(ctx));
    await app.register(contactCardStaffRoutes(ctx));
    await app.register(apiClientsRoutes(ctx));
    await app.register(outboxAdminRoutes(ctx));
  };
}
