import { authorize, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { createApiClient } from "./api-clients.commands";

export function requireAdmin(req: Parameters<typeof requireUser>[0]) {
  const actor = requireUser(req);
  authorize(actor, "user.manage", { regionPath: actor.regionPath });
  return actor;
}

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const ZClientCreate = z.object({
  name: ZText.trim().min(1).max(100),
  regionCode: z.string().regex(/^\d{6,15}$/),
});

/** Admin: Open311 API keys (shown once, stored hashed). */
export function apiClientsRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/admin/api-clients",
      { schema: { tags: ["admin"], body: ZClientCreate } },
      async (req, reply) => {
        const client = await createApiClient({ ctx, actor: requireAdmin(req), input: req.body });
        return reply.status(201).send(client);
      },
    );

    app.get("/admin/api-clients", { schema: { tags: ["admin"] } }, async (req) => {
      requireAdmin(req);
      const rows = await ctx.db
        .selectFrom("api_clients")
        .select(["id", "name", "region_code", "created_at", "disabled"])
        .orderBy("created_at", "desc")
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          regionCode: r.region_code,
          createdAt: iso(r.created_at),
          disabled: r.disabled,
        })),
      };
    });
  };
}
