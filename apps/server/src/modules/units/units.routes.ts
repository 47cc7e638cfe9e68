import { authorize, ZUnitCreate, ZUnitPatch, ZUnitView } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { createUnit, updateUnit } from "./units.commands";

function requireUnitAdmin(actor: SessionUser) {
  authorize(actor, "unit.manage", { regionPath: actor.regionPath });
}

// GET /units stays in regions.routes.ts; these are the administrator's writes.
export function unitsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/units",
      { schema: { tags: ["units"], body: ZUnitCreate, response: { 201: ZUnitView } } },
      async (req, reply) => {
        const actor = requireUser(req);
        requireUnitAdmin(actor);
        const unit = await createUnit({ db: ctx.db, actor, input: req.body, now: ctx.clock.now() });
        return reply.status(201).send(unit);
      },
    );

    app.patch(
      "/units/:id",
      {
        schema: {
          tags: ["units"],
          params: z.object({ id: z.uuid() }),
          body: ZUnitPatch,
          response: { 200: ZUnitView },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        requireUnitAdmin(actor);
        return updateUnit({ db: ctx.db, actor, id: req.params.id, patch: req.body, now: ctx.clock.now() });
      },
    );
  };
}
