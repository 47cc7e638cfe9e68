import { AppError, authorize } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";
import { officersInScope, policeQueueCases, setVillageOfficer } from "./officers";

const ZCode = z.object({ code: z.string().regex(/^\d{6,15}$/) });

/** 驻村民警: named per village by the administrator; the officer's own queue. */
export function villagePoliceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/village-officers",
      { schema: { tags: ["police"], querystring: z.object({ region: ZCode.shape.code.optional() }) } },
      async (req) => {
        const actor = requireUser(req);
        const scope = req.query.region
          ? (await regionForActor(ctx.db, actor, req.query.region)).path
          : actor.regionPath;
        authorize(actor, "officer.manage", { regionPath: scope });
        return officersInScope(ctx.db, scope);
      },
    );

    app.put(
      "/villages/:code/officer",
      { schema: { tags: ["police"], params: ZCode, body: z.object({ userId: z.uuid().nullable() }) } },
      async (req) =>
        setVillageOfficer({
          ctx,
          actor: requireUser(req),
          villageCode: req.params.code,
          userId: req.body.userId,
        }),
    );

    // The officer's queue: open 治安 cases of their villages and what was routed to them (also in the
    // workbench's "mine"); only police have one.
    app.get("/police/queue", { schema: { tags: ["police"] } }, async (req) => {
      const actor = requireUser(req);
      if (!actor.roles.includes("police")) throw new AppError("FORBIDDEN");
      const items = await policeQueueCases(ctx.db, actor, { order: "newest", limit: 200 });
      return {
        items: items.map((c) => ({
          id: c.id,
          code: c.code,
          title: c.title,
          category: c.category,
          status: c.status,
          warning: c.warning,
          regionNames: c.region_names ?? [],
          assignedToMe: c.assignee_id === actor.userId,
          createdAt: new Date(c.created_at).toISOString(),
        })),
      };
    });
  };
}
