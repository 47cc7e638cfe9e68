import { authorize, ZUserCreate, ZUserList } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import { atOrBelow } from "../../db/subtree";
import { requireUser } from "../../plugins/auth";
import { addUser, presentUser } from "./users.commands";

export function usersRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/users", { schema: { tags: ["users"], response: { 200: ZUserList } } }, async (req) => {
      const actor = requireUser(req);
      authorize(actor, "user.manage", { regionPath: actor.regionPath });
      const rows = await ctx.db
        .selectFrom("users as u")
        .innerJoin("regions as r", "r.code", "u.region_code")
        .leftJoin("login_throttle as lt", "lt.username", "u.username")
        .select([
          "lt.locked_until",
          "u.id",
          "u.username",
          "u.display_name",
          "u.roles",
          "u.region_code",
          "u.unit_id",
          "u.disabled",
        ])
        .where(atOrBelow("r.path", actor.regionPath))
        .orderBy("u.username")
        .execute();
      const now = ctx.clock.now();
      return {
        items: rows.map((r) => ({
          ...presentUser(r),
          // Set while a login lock-out runs; the console offers "unlock" then.
          lockedUntil:
            r.locked_until && new Date(r.locked_until) > now ? new Date(r.locked_until).toISOString() : null,
        })),
      };
    });

    app.post("/users", { schema: { tags: ["users"], body: ZUserCreate } }, async (req, reply) => {
      const user = await addUser({
        db: ctx.db,
        actor: requireUser(req),
        input: req.body,
        now: ctx.clock.now(),
      });
      return reply.status(201).send(user);
    });
  };
}
