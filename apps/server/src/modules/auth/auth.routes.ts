import { AppError, ZLogin } from "@fengqiao/core";
import { verify } from "@node-rs/argon2";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AppContext } from "../../context";
import {
  forgetSession,
  hashToken,
  loadSession,
  newToken,
  requireUser,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type SessionUser,
} from "../../plugins/auth";
import { audit } from "../audit/audit";

const present = (u: SessionUser) => ({
  id: u.userId,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  regionCode: u.regionCode,
  regionPath: u.regionPath,
  unitId: u.unitId,
  csrfToken: u.csrfToken,
});

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/auth/login",
      {
        schema: { tags: ["auth"], body: ZLogin },
        config: {
          // Against password guessing: per account and address, counted after the body is parsed.
          rateLimit: {
            max: 10,
            timeWindow: "1 minute",
            hook: "preHandler",
            keyGenerator: (req) =>
              `${req.ip}:${(req.body as { username?: string } | undefined)?.username ?? ""}`,
          },
        },
      },
      async (req, reply) => {
        const user = await ctx.db
          .selectFrom("users")
          .select(["id", "password_hash", "disabled"])
          .where("username", "=", req.body.username)
          .executeTakeFirst();
        const ok = user && !user.disabled && (await verify(user.password_hash, req.body.password));
        if (!user || !ok) {
          throw new AppError("UNAUTHENTICATED", { zh: "用户名或密码错误", en: "Wrong username or password" });
        }
        const token = newToken();
        const now = new Date();
        await ctx.db.transaction().execute(async (tx) => {
          await tx
            .insertInto("sessions")
            .values({
              token_hash: hashToken(token),
              user_id: user.id,
              csrf_token: newToken(),
              created_at: now,
              expires_at: new Date(now.getTime() + SESSION_TTL_MS),
            })
            .execute();
          await audit(tx, {
            at: now,
            actorId: user.id,
            action: "auth.login",
            entity: "user",
            entityId: user.id,
          });
        });
        reply.setCookie(SESSION_COOKIE, token, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: ctx.config.env === "production",
          maxAge: SESSION_TTL_MS / 1000,
        });
        const session = await loadSession(ctx, token);
        if (!session) throw new AppError("INTERNAL");
        return present(session);
      },
    );

    app.post("/auth/logout", { schema: { tags: ["auth"] } }, async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        await ctx.db.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
        forgetSession(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    });

    app.get("/auth/me", { schema: { tags: ["auth"] } }, async (req) => present(requireUser(req)));
  };
}
