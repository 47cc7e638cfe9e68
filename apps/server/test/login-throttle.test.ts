import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import type { TrustProxy } from "../src/config";
import { afterFailure, THROTTLE } from "../src/modules/auth/login-throttle";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let admin: Session;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.township });
});
afterAll(async () => {
  for (const a of apps) await a.close();
});

/** The same database behind an app with another FENGQIAO_TRUST_PROXY. */
async function appTrusting(trustProxy: TrustProxy) {
  const app = await buildApp({ ...env.ctx, config: { ...env.ctx.config, trustProxy } });
  apps.push(app);
  return app;
}

let ipCounter = 0;
const freshIp = () => {
  ipCounter += 1;
  return `203.0.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

const wrongLogin = (app: FastifyInstance, username: string, xff?: string) =>
  app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: "wrong-password" },
    headers: xff ? { "x-forwarded-for": xff } : {},
  });

// The per-address limiter answers 429 without details; the account lock says until when.
const addressLimited = (r: { statusCode: number; json: () => { details?: unknown } }) =>
  r.statusCode === 429 && r.json().details === undefined;

describe("FENGQIAO_TRUST_PROXY", () => {
  it("by default ignores X-Forwarded-For, so a new forged address per guess still meets the limit", async () => {
    const app = await appTrusting(false);
    const results = [];
    for (let i = 0; i < 30; i++) results.push(await wrongLogin(app, "xff_nobody_a", freshIp()));
    expect(results.some(addressLimited)).toBe(true);
    expect(results.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
  });

  it("with one trusted hop limits per forwarded address", async () => {
    const app = await appTrusting(1);
    const spread = [];
    for (let i = 0; i < 30; i++) spread.push(await wrongLogin(app, "xff_nobody_b", freshIp()));
    expect(spread.some(addressLimited)).toBe(false);
    const one = freshIp();
    const same = [];
    for (let i = 0; i < 12; i++) same.push(await wrongLogin(app, "xff_nobody_c", one));
    expect(same.some(addressLimited)).toBe(true);
  });

  it("with a list believes only the listed proxies", async () => {
    const listed = await appTrusting(["127.0.0.1"]);
    const spread = [];
    for (let i = 0; i < 15; i++) spread.push(await wrongLogin(listed, "xff_nobody_d", freshIp()));
    expect(spread.some(addressLimited)).toBe(false);
    const other = await appTrusting(["10.0.0.0/8"]);
    const forged = [];
    for (let i = 0; i < 15; i++) forged.push(await wrongLogin(other, "xff_nobody_e", freshIp()));
    expect(forged.some(addressLimited)).toBe(true);
  });
});

describe("per-account login lock", () => {
  it("grows 1, 2, 4 … minutes up to the cap", () => {
    let s = null;
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    const locks: number[] = [];
    let t = t0;
    for (let round = 0; round < 9; round++) {
      for (let i = 0; i < THROTTLE.maxFailures; i++) {
        const next = afterFailure(s, new Date(t));
        s = next;
        if (i < THROTTLE.maxFailures - 1) expect(next.lockedNow).toBe(false);
        else {
          expect(next.lockedNow).toBe(true);
          locks.push(((next.lockedUntil?.getTime() ?? 0) - t) / 60_000);
          t = next.lockedUntil?.getTime() ?? t;
        }
      }
    }
    expect(locks).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it("forgets failures spread wider than the window", () => {
    const t0 = Date.parse("2026-01-01T00:00:00Z");
    let s = afterFailure(null, new Date(t0));
    for (let i = 1; i < 10; i++) s = afterFailure(s, new Date(t0 + i * (THROTTLE.windowMs / 3)));
    expect(s.lockedNow).toBe(false);
    expect(s.lockedUntil).toBeNull();
  });

  it("locks after 5 wrong passwords from many addresses, audits it, refuses even the right password, then lets in", async () => {
    const user = await login(env, { roles: ["grid_worker"], region: tree.grid, username: "lock_me" });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await wrongLogin(env.app, "lock_me", freshIp()));
    expect(results.slice(0, 4).map((r) => r.statusCode)).toEqual([401, 401, 401, 401]);
    const lockRes = results[4];
    expect(lockRes?.statusCode).toBe(429);
    expect(lockRes?.json()).toMatchObject({ error: "RATE_LIMITED", details: { reason: "account_locked" } });
    expect(lockRes?.json().messages.zh).toContain("1 分钟后重试");
    expect(lockRes?.json().messages.en).toContain("try again in 1 min");
    expect(lockRes?.headers["retry-after"]).toBe("60");

    const right = () =>
      env.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "lock_me", password: "test-password-1" },
        headers: { "x-forwarded-for": freshIp(), "accept-language": "en" },
      });
    const refused = await right();
    expect(refused.statusCode).toBe(429);
    expect(refused.json().message).toMatch(/locked/);

    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "auth.locked")
      .where("entity_id", "=", user.userId)
      .execute();
    expect(log).toHaveLength(1);
    expect(log[0]?.data).toMatchObject({ username: "lock_me", lockouts: 1 });

    await env.ctx.clock.advance(61_000);
    expect((await right()).statusCode).toBe(200);
    // The success forgot the failures: four more wrong ones do not lock.
    for (let i = 0; i < 4; i++)
      expect((await wrongLogin(env.app, "lock_me", freshIp())).statusCode).toBe(401);
  });

  it("locks the second time for longer, and an unknown name like a real one", async () => {
    for (let i = 0; i < 5; i++) await wrongLogin(env.app, "no_such_user", freshIp());
    await env.ctx.clock.advance(61_000);
    const second = [];
    for (let i = 0; i < 5; i++) second.push(await wrongLogin(env.app, "no_such_user", freshIp()));
    expect(second[4]?.statusCode).toBe(429);
    expect(second[4]?.json().details.retryAfterSeconds).toBe(120);
  });

  it("shows the lock to admins, who can lift it (audited); others cannot", async () => {
    const user = await login(env, { roles: ["grid_worker"], region: tree.grid, username: "unlock_me" });
    for (let i = 0; i < 5; i++) await wrongLogin(env.app, "unlock_me", freshIp());
    const listed = async () =>
      (await call(env, admin, { method: "GET", url: "/api/v1/users" }))
        .json()
        .items.find((u: { id: string }) => u.id === user.userId);
    expect((await listed()).lockedUntil).toEqual(expect.any(String));

    const byWorker = await call(env, user, { method: "POST", url: `/api/v1/users/${user.userId}/unlock` });
    expect(byWorker.statusCode).toBe(403);
    const res = await call(env, admin, { method: "POST", url: `/api/v1/users/${user.userId}/unlock` });
    expect(res.statusCode, res.body).toBe(204);
    expect((await listed()).lockedUntil).toBeNull();
    const ok = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "unlock_me", password: "test-password-1" },
    });
    expect(ok.statusCode).toBe(200);
    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.unlocked")
      .where("entity_id", "=", user.userId)
      .executeTakeFirst();
    expect(log?.actor_id).toBe(admin.userId);
  });

  it("forgets names quiet for a day, so guesses at made-up names do not pile up", async () => {
    const old = new Date(env.ctx.clock.now().getTime() - 2 * THROTTLE.forgetMs);
    await env.ctx.db
      .insertInto("login_throttle")
      .values({ username: "ghost", failures: 3, window_start: old, last_failure: old, lockouts: 1 })
      .execute();
    await wrongLogin(env.app, "someone_else", freshIp());
    const left = await env.ctx.db
      .selectFrom("login_throttle")
      .select("username")
      .where("username", "in", ["ghost", "someone_else"])
      .execute();
    expect(left.map((r) => r.username)).toEqual(["someone_else"]);
  });

  it("holds across processes: a second app on the same database sees the lock", async () => {
    const other = await appTrusting(1);
    for (let i = 0; i < 5; i++) await wrongLogin(env.app, "two_procs", freshIp());
    const res = await wrongLogin(other, "two_procs", freshIp());
    expect(res.statusCode).toBe(429);
    expect(res.json().details.reason).toBe("account_locked");
  });
});
