import { AppError, type TMe, ZLogin, ZMe, ZPasswordChange } from "@fengqiao/core";
import { verify } from "@node-rs/argon2";
import type { FastifyReply } from "fastify";
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
import { changeOwnPassword } from "../users/users.commands";
import { activeLock, clearFailures, lockedError, recordFailure } from "./login-throttle";

const present = (u: SessionUser): TMe => ({
  id: u.userId,
  username: u.username,
  displayName: u.displayName,
  roles: u.roles,
  regionCode: u.regionCode,
  regionPath: u.regionPath,
  unitId: u.unitId,
  csrfToken: u.csrfToken,
  mustChangePassword: u.mustChangePassword,
});

function locked(reply: FastifyReply, until: Date, now: Date) {
  const err = lockedError(until, now);
  reply.header("retry-after", String((err.details as { retryAfterSeconds: number }).retryAfterSeconds));
  return err;
}

export function authRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/auth/login",
      {
        schema: { tags: ["auth"], body: ZLogin, response: { 200: ZMe } },
        config: {
          // Against password guessing from one address (req.ip believes X-Forwarded-For only as far as
          // FENGQIAO_TRUST_PROXY says); guesses from many addresses meet the per-account lock below.
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
        const { username } = req.body;
        const now = ctx.clock.now(); // the test clock, so tests can wait out a lock
        // A locked account is refused before the password is looked at, even a right one.
        const lock = await activeLock(ctx.db, username, now);
        if (lock) throw locked(reply, lock, now);
        const user = await ctx.db
          .selectFrom("users")
          .select(["id", "password_hash", "disabled"])
          .where("username", "=", username)
          .executeTakeFirst();
        const ok = user && !user.disabled && (await verify(user.password_hash, req.body.password));
        if (!user || !ok) {
          const lockedNow = await recordFailure(ctx.db, { username, userId: user?.id ?? null, now });
          if (lockedNow) throw locked(reply, lockedNow, now);
          throw new AppError("UNAUTHENTICATED", { zh: "用户名或密码错误", en: "Wrong username or password" });
        }
        const token = newToken();
        const issued = new Date(); // sessions expire by the wall clock, not the test clock
        const ttl = req.body.device ? ctx.config.deviceSessionDays * 86_400_000 : SESSION_TTL_MS;
        await ctx.db.transaction().execute(async (tx) => {
          await clearFailures(tx, username);
          await tx
            .insertInto("sessions")
            .values({
              token_hash: hashToken(token),
              user_id: user.id,
              csrf_token: newToken(),
              created_at: issued,
              expires_at: new Date(issued.getTime() + ttl),
              device_name: req.body.device?.name ?? null,
              last_seen_at: req.body.device ? issued : null,
            })
            .execute();
          await audit(tx, {
            at: issued,
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
          maxAge: ttl / 1000,
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
        forgetSession(ctx.db, token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return { ok: true };
    });

    // Any signed-in user, for their own account only; open while a one-time password blocks the rest.
    app.post(
      "/auth/password",
      {
        schema: { tags: ["auth"], body: ZPasswordChange, response: { 200: ZMe } },
        // Guessing the current password from a session left open is as slow as guessing at login.
        config: {
          rateLimit: {
            max: 10,
            timeWindow: "1 minute",
            hook: "preHandler",
            keyGenerator: (req) => `password:${req.user?.userId ?? req.ip}`,
          },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        const token = req.cookies[SESSION_COOKIE] as string; // requireUser passed: there is one
        await changeOwnPassword({
          db: ctx.db,
          actor,
          sessionHash: hashToken(token),
          currentPassword: req.body.currentPassword,
          newPassword: req.body.newPassword,
          now: ctx.clock.now(),
        });
        const session = await loadSession(ctx, token);
        if (!session) throw new AppError("UNAUTHENTICATED");
        return present(session);
      },
    );

    app.get("/auth/me", { schema: { tags: ["auth"], response: { 200: ZMe } } }, async (req) =>
      present(requireUser(req)),
    );
  };
}
