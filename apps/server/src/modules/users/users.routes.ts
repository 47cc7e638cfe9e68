import { AppError, authorize, inSubtree, ZUserCreate, ZUserList } from "@fengqiao/core";
import { hash } from "@node-rs/argon2";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import type { Db } from "../../db/database";
import { requireUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { presentUser } from "./users.commands";

export async function createUser(
  db: Db,
  u: {
    username: string;
    displayName: string;
    password: string;
    roles: string[];
    regionCode: string;
    unitId: string | null;
  },
) {
  return db
    .insertInto("users")
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: await hash(u.password),
      roles: u.roles,
      region_code: u.regionCode,
      unit_id: u.unitId,
    })
    .returning(["id", "username"])
    .executeTakeFirstOrThrow();
}

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
        .where((eb) =>
          eb.or([eb("r.path", "=", actor.regionPath), eb("r.path", "like", `${actor.regionPath}.%`)]),
        )
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
      const actor = requireUser(req);
      const region = await ctx.db
        .selectFrom("regions")
        .select("path")
        .where("code", "=", req.body.regionCode)
        .executeTakeFirst();
      if (!region || !inSubtree(region.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
      authorize(actor, "user.manage", { regionPath: region.path });
      const taken = await ctx.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", req.body.username)
        .executeTakeFirst();
      if (taken) throw new AppError("CONFLICT", { zh: "用户名已存在", en: "Username already taken" });
      const user = await createUser(ctx.db, req.body);
      await audit(ctx.db, {
        at: ctx.clock.now(),
        actorId: actor.userId,
        action: "user.created",
        entity: "user",
        entityId: user.id,
        data: { username: user.username, roles: req.body.roles, regionCode: req.body.regionCode },
      });
      return reply.status(201).send(user);
    });
  };
}
