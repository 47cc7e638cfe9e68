import { createHash, randomBytes } from "node:crypto";
import { type Actor, AppError, type Role } from "@fengqiao/core";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppContext } from "../context";
import { connectionStringOf, type Db } from "../db/database";
import { listenForRevocations } from "./session-listener";

export const SESSION_COOKIE = "fq_session";
export const CSRF_HEADER = "x-csrf-token";
export const SESSION_TTL_MS = 12 * 3600_000;

export interface SessionUser extends Actor {
  username: string;
  displayName: string;
  regionCode: string;
  csrfToken: string;
  /** An initial or reset password not yet replaced by its owner: the API is closed but for the change. */
  mustChangePassword: boolean;
}

declare module "fastify" {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = () => randomBytes(32).toString("base64url");

export async function loadSession(ctx: AppContext, token: string): Promise<SessionUser | null> {
  const row = await ctx.db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select([
      "u.id",
      "u.username",
      "u.display_name",
      "u.roles",
      "u.unit_id",
      "u.region_code",
      "r.path",
      "s.csrf_token",
      "s.expires_at",
      "u.disabled",
      "u.must_change_password",
    ])
    .where("s.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!row || row.disabled || new Date(row.expires_at) <= new Date()) return null;
  return { ...toSessionUser(row, row.csrf_token), mustChangePassword: row.must_change_password };
}

interface UserWithRegion {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  unit_id: string | null;
  region_code: string;
  path: string;
}

const toSessionUser = (row: UserWithRegion, csrfToken: string): SessionUser => ({
  userId: row.id,
  username: row.username,
  displayName: row.display_name,
  roles: row.roles as Role[],
  regionCode: row.region_code,
  regionPath: row.path,
  unitId: row.unit_id,
  csrfToken,
  mustChangePassword: false,
});

/** A user acting without a session (the demo seed, the CLI). */
export async function actorByUsername(db: Db, username: string): Promise<SessionUser> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id", "u.username", "u.display_name", "u.roles", "u.region_code", "u.unit_id", "r.path"])
    .where("u.username", "=", username)
    .executeTakeFirstOrThrow();
  return toSessionUser(row, "");
}

// Every request needs its session; a few seconds of memory saves a query per request. Revocation is
// still immediate on every node: a trigger (migration 0015) NOTIFYs fq_sessions when a user is
// disabled or changed or a session deleted, and each process's listener forgets that user's entries
// as the change commits. While a process cannot listen (its LISTEN connection is down) it does not
// cache at all, so a missed notice can never leave a revoked session alive: the bound is the notice's
// delivery (milliseconds), and SESSION_CACHE_MS only limits how stale an *unrevoked* entry may be.
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
type SessionCache = Map<string, { user: SessionUser | null; at: number }>;
// One cache per database handle, i.e. per app: two apps in one process (tests, the chaos harness)
// never see or clear each other's sessions.
const sessionCaches = new WeakMap<Db, SessionCache>();
function cacheOf(db: Db): SessionCache {
  let cache = sessionCaches.get(db);
  if (!cache) {
    cache = new Map();
    sessionCaches.set(db, cache);
  }
  return cache;
}

async function cachedSession(
  ctx: AppContext,
  token: string,
  cacheable: boolean,
): Promise<SessionUser | null> {
  const sessionCache = cacheOf(ctx.db);
  const hit = cacheable ? sessionCache.get(token) : undefined;
  if (hit && Date.now() - hit.at < SESSION_CACHE_MS) return hit.user;
  const user = await loadSession(ctx, token);
  // An unknown token is not cached: a session created on another node a moment later must work here.
  if (!cacheable || !user) return user;
  if (sessionCache.size >= SESSION_CACHE_MAX) sessionCache.delete(sessionCache.keys().next().value as string);
  sessionCache.set(token, { user, at: Date.now() });
  return user;
}

export function forgetSession(db: Db, token: string) {
  cacheOf(db).delete(token);
}

/** After a user is disabled or their password reset: drop their cached sessions in this process. */
export function forgetUserSessions(db: Db, userId: string) {
  const cache = cacheOf(db);
  for (const [token, entry] of cache) if (entry.user?.userId === userId) cache.delete(token);
}

const CITIZEN_DOORS = ["/api/public/", "/open311/"];

// What a user with a one-time password may still call: who am I, sign out, change it (and sign in
// again, e.g. on a second device). Everything else under /api/v1 answers 403 PASSWORD_CHANGE_REQUIRED;
// the console's and field app's own files are not API and stay reachable, so the form can load.
const OPEN_WHILE_MUST_CHANGE = new Set([
  "/api/v1/auth/me",
  "/api/v1/auth/logout",
  "/api/v1/auth/password",
  "/api/v1/auth/login",
  "/api/v1/meta",
]);
function closedUntilPasswordChange(req: FastifyRequest): boolean {
  // The matched route's pattern, not the raw URL: no spelling of a path can pass for an open one.
  const route = req.routeOptions.url ?? (req.url.split("?")[0] as string);
  return route.startsWith("/api/") && !OPEN_WHILE_MUST_CHANGE.has(route);
}

/** Resolves the session cookie on every request; CSRF is checked on every state-changing request. */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest("user", null);
  const url = connectionStringOf(ctx.db);
  const listener = url
    ? listenForRevocations(url, {
        forget: (userId) => forgetUserSessions(ctx.db, userId),
        forgetAll: () => cacheOf(ctx.db).clear(),
      })
    : null;
  app.addHook("onClose", async () => listener?.stop());
  app.addHook("onRequest", async (req) => {
    // Citizen doors never act as a staff member: a cadre trying the QR page in the browser they are
    // logged into must not be refused for a CSRF token that page has no reason to send.
    if (CITIZEN_DOORS.some((p) => req.url.startsWith(p))) return;
    const token = req.cookies[SESSION_COOKIE];
    req.user = token ? await cachedSession(ctx, token, listener?.live() ?? false) : null;
    if (req.user && !["GET", "HEAD", "OPTIONS"].includes(req.method)) {
      if (req.headers[CSRF_HEADER] !== req.user.csrfToken) throw new AppError("CSRF_FAILED");
    }
    if (req.user?.mustChangePassword && closedUntilPasswordChange(req))
      throw new AppError("PASSWORD_CHANGE_REQUIRED");
  });
}

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new AppError("UNAUTHENTICATED");
  return req.user;
}
