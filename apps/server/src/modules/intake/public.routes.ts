import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { contactCardPublicRoutes } from "../contact-cards/contact-cards.routes";
import { trackingRoutes } from "../tracking/tracking.routes";
import { uploadsRoutes } from "../uploads/uploads.routes";
import { intakeRoutes } from "./intake.routes";

/** Everything under /api/public: no login, rate-limited per route, small bodies. */
export function publicRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(intakeRoutes(ctx));
    await app.register(uploadsRoutes(ctx));
    await app.register(trackingRoutes(ctx));
    await app.register(contactCardPublicRoutes(ctx));
  };
}
