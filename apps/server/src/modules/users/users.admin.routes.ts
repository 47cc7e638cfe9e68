import { authorize, ZPasswordReset, ZUserPatch } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { perPerson } from "../../plugins/rate-limit-store";
import { resetPassword, revokeSessions, unlockUser, updateUser } from "./users.commands";

const ZIdParams = z.object({ id: z.uuid() });

function requireUserAdmin(actor: SessionUser) {
  authorize(actor, "user.manage", { regionPath: actor.regionPath });
}

export function usersAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      "/users/:id",
      { schema: { tags: ["users"], params: ZIdParams, body: ZUserPatch } },
      async (req) => {
        const actor = requireUser(req);
        requireUserAdmin(actor);
        return updateUser({ db: ctx.db, actor, id: req.params.id, patch: req.body, now: ctx.clock.now() });
      },
    );

    app.post(
      "/users/:id/reset-password",
      {
        schema: { tags: ["users"], params: ZIdParams, body: ZPasswordReset },
        config: perPerson(20, "1 minute"),
      },
      async (req, reply) => {
        const actor = requireUser(req);
        requireUserAdmin(actor);
        const now = ctx.clock.now();
        await resetPassword({ db: ctx.db, actor, id: req.params.id, password: req.body.password, now });
        return reply.status(204).send();
      },
    );

    app.post("/users/:id/unlock", { schema: { tags: ["users"], params: ZIdParams } }, async (req, reply) => {
      const actor = requireUser(req);
      requireUserAdmin(actor);
      await unlockUser({ db: ctx.db, actor, id: req.params.id, now: ctx.clock.now() });
      return reply.status(204).send();
    });

    // Sign a user out on every node at once (a lost phone, a suspected stolen password).
    app.post(
      "/admin/users/:id/sessions/revoke",
      {
        schema: { tags: ["users"], params: ZIdParams, response: { 200: z.object({ revoked: z.number() }) } },
      },
      async (req) => {
        const actor = requireUser(req);
        requireUserAdmin(actor);
        return revokeSessions({ db: ctx.db, actor, id: req.params.id, now: ctx.clock.now() });
      },
    );
  };
}
