import { CASE_STATUSES, CATEGORIES, CHANNELS, ROLES, SERVICES, UNIT_KINDS, WARNINGS } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

// Reference lists the console and integrations use for pickers and labels.
export const metaRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/meta", { schema: { tags: ["meta"] } }, async () => ({
    categories: CATEGORIES,
    services: SERVICES,
    channels: CHANNELS,
    unitKinds: UNIT_KINDS,
    statuses: CASE_STATUSES,
    warnings: WARNINGS,
    roles: ROLES,
  }));
};
