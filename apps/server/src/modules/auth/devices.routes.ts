import { AppError, authorize } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import {
  forgetUserSessions,
  hashToken,
  requireUser,
  SESSION_COOKIE,
  type SessionUser,
} from "../../plugins/auth";
import { audit } from "../audit/audit";

const ZDevice = z.object({ id: z.uuid() });
const ZUserDevice = z.object({ userId: z.uuid(), id: z.uuid() });

/**
 * Device sessions of the field app (POST /auth/login with `device`): the owner lists and revokes
 * their phones; an administrator revokes anyone's in their jurisdiction (a lost phone). Revoking
 * deletes the session row, so the next request from that phone is a stranger's.
 */
export function devicesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/auth/devices", { schema: { tags: ["auth"] } }, async (req) => {
      const actor = requireUser(req);
      const token = req.cookies[SESSION_COOKIE];
      const current = token ? hashToken(token) : "";
      const rows = await devicesOf(ctx.db, actor.userId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.device_name ?? "",
          createdAt: new Date(r.created_at).toISOString(),
          lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
          current: r.token_hash === current,
        })),
      };
    });

    app.delete("/auth/devices/:id", { schema: { tags: ["auth"], params: ZDevice } }, async (req, reply) => {
      const actor = requireUser(req);
      await revoke(ctx, actor, actor.userId, req.params.id);
      return reply.status(204).send();
    });

    app.get(
      "/admin/users/:userId/devices",
      { schema: { tags: ["admin"], params: z.object({ userId: z.uuid() }) } },
      async (req) => {
        const actor = requireUser(req);
        await userInScope(ctx.db, actor, req.params.userId);
        const rows = await devicesOf(ctx.db, req.params.userId);
        return {
          items: rows.map((r) => ({
            id: r.id,
            name: r.device_name ?? "",
            createdAt: new Date(r.created_at).toISOString(),
            lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
            current: false,
          })),
        };
      },
    );

    app.delete(
      "/admin/users/:userId/devices/:id",
      { schema: { tags: ["admin"], params: ZUserDevice } },
      async (req, reply) => {
        const actor = requireUser(req);
        await userInScope(ctx.db, actor, req.params.userId);
        await revoke(ctx, actor, req.params.userId, req.params.id);
        return reply.status(204).send();
      },
    );
  };
}

function devicesOf(db: Db, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "token_hash", "device_name", "created_at", "last_seen_at"])
    .where("user_id", "=", userId)
    .where("device_name", "is not", null)
    .where("expires_at", ">", new Date())
    .orderBy("created_at", "desc")
    .execute();
}

async function userInScope(db: Db, actor: SessionUser, userId: string) {
  authorize(actor, "user.manage", { regionPath: actor.regionPath });
  const u = await db
    .selectFrom("users as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select("u.id")
    .where("u.id", "=", userId)
    .where(atOrBelow("r.path", actor.regionPath))
    .executeTakeFirst();
  if (!u) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
}

async function revoke(ctx: AppContext, actor: SessionUser, userId: string, id: string) {
  await ctx.db.transaction().execute(async (tx) => {
    const gone = await tx
      .deleteFrom("sessions")
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("device_name", "is not", null)
      .returning("device_name")
      .executeTakeFirst();
    if (!gone) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    await audit(tx, {
      at: ctx.clock.now(),
      actorId: actor.userId,
      action: "auth.device_revoked",
      entity: "user",
      entityId: userId,
      data: { device: gone.device_name, session: id },
    });
  });
  // After the commit: this node forgets the phone at once; the others when the sessions trigger's
  // notice reaches them (milliseconds).
  forgetUserSessions(ctx.db, userId);
}
