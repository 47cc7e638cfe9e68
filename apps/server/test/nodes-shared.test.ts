// Many nodes on one database: request limits counted in PostgreSQL, revocation heard by every node the
// moment it commits, an admin's "sign out everywhere", and 503 (never 500) while the database is away.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { appContext } from "../src/bootstrap";
import { createDb } from "../src/db/database";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let second: TestEnv;
let tree: Tree;
let admin: Session;
const heard: string[] = [];

beforeAll(async () => {
  env = await testEnv();
  // A second node: its own app, context and pools on the same database.
  const db = createDb(env.databaseUrl, 4);
  const ctx = appContext(env.ctx.config, db);
  const app = await buildApp(ctx);
  second = { ctx, app, databaseUrl: env.databaseUrl };
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.township });
});

afterAll(async () => {
  await second.app.close();
  await second.ctx.db.destroy();
});

// Waits (bounded by count) until the database has announced a change of `userId` on fq_sessions.
async function announced(userId: string) {
  for (let i = 0; i < 100 && !heard.includes(userId); i++) await new Promise((r) => setTimeout(r, 50));
  return heard.includes(userId);
}

describe("request limits", () => {
  it("are one count across nodes: the export's 10 a minute is 10 in total, not 10 per node", async () => {
    const staff = await login(env, { roles: ["center_staff"], region: tree.township });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const node = i % 2 === 0 ? env : second;
      statuses.push(
        (await call(node, staff, { method: "GET", url: "/api/v1/cases-export.xlsx" })).statusCode,
      );
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe("revocation", () => {
  beforeAll(async () => {
    const c = new pg.Client({ connectionString: env.databaseUrl });
    await c.connect();
    c.on("notification", (n) => heard.push(n.payload ?? ""));
    await c.query("LISTEN fq_sessions");
    afterAll(() => c.end());
  });

  it("reaches a node that had the session cached, even when the change bypasses the app", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    // Cached on both nodes by a first request each.
    expect((await call(second, worker, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(200);
    expect((await call(env, worker, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(200);
    // Disabled by plain SQL (a script, the other node): no in-process forgetting happens.
    await env.ctx.db.updateTable("users").set({ disabled: true }).where("id", "=", worker.userId).execute();
    expect(await announced(worker.userId)).toBe(true);
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      status = (await call(second, worker, { method: "GET", url: "/api/v1/cases" })).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
  });

  it("POST /admin/users/:id/sessions/revoke signs a user out on every node, audited", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    expect((await call(second, worker, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(200);
    const res = await call(env, admin, {
      method: "POST",
      url: `/api/v1/admin/users/${worker.userId}/sessions/revoke`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ revoked: 1 });
    expect(await announced(worker.userId)).toBe(true);
    let status = 0;
    for (let i = 0; i < 20 && status !== 401; i++) {
      status = (await call(second, worker, { method: "GET", url: "/api/v1/cases" })).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe(401);
    const log = await env.ctx.db
      .selectFrom("audit_log")
      .select(["actor_id", "data"])
      .where("action", "=", "user.sessions_revoked")
      .where("entity_id", "=", worker.userId)
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_id: admin.userId, data: { revoked: 1 } });
    // The account itself still works: a new login is fine.
    expect((await login(env, { roles: ["grid_worker"], region: tree.grid })).cookie).toBeTruthy();
  });

  it("revoke: neighbour township's user 404, non-admin 403, unknown id 404", async () => {
    const neighbour = await login(env, { roles: ["grid_worker"], region: tree.otherTownshipGrid });
    const own = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const url = (id: string) => `/api/v1/admin/users/${id}/sessions/revoke`;
    expect((await call(env, admin, { method: "POST", url: url(neighbour.userId) })).statusCode).toBe(404);
    const leader = await login(env, { roles: ["township_leader"], region: tree.township });
    expect((await call(env, leader, { method: "POST", url: url(own.userId) })).statusCode).toBe(403);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await call(env, admin, { method: "POST", url: url(unknown) })).statusCode).toBe(404);
    // Nothing was revoked by the refused calls.
    expect((await call(env, neighbour, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(200);
    expect((await call(env, own, { method: "GET", url: "/api/v1/cases" })).statusCode).toBe(200);
  });
});

describe("database away", () => {
  it("answers 503 DB_UNAVAILABLE with Retry-After and a zh/en message, never a 500", async () => {
    // A node whose database refuses connections (nothing listens on port 1).
    const db = createDb("postgres://postgres@127.0.0.1:1/fengqiao", 2);
    const ctx = appContext(env.ctx.config, db);
    const app = await buildApp(ctx);
    const node: TestEnv = { ctx, app, databaseUrl: "" };
    try {
      const staff = { userId: "", cookie: "fq_session=x", csrf: "y" };
      const list = await call(node, staff, { method: "GET", url: "/api/v1/cases" });
      expect(list.statusCode).toBe(503);
      expect(list.headers["retry-after"]).toBe("5");
      expect(list.json()).toMatchObject({
        error: "DB_UNAVAILABLE",
        message: expect.stringContaining("稍后重试"),
      });
      expect(list.body).not.toMatch(/\n\s+at /);
      const en = await call(node, null, {
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { username: "x", password: "y" },
        headers: { "accept-language": "en" },
      });
      expect(en.statusCode).toBe(503);
      expect(en.json().message).toMatch(/try again shortly/);
      // A rate-limited citizen route: its counter lives in the database too.
      const track = await call(node, null, {
        method: "POST",
        url: "/api/public/track",
        payload: { code: "620702-261126-0000427", phoneLast4: "1234" },
      });
      expect(track.statusCode).toBe(503);
      // Open311 clients get the same 503 and Retry-After, in GeoReport's error shape.
      const georeport = await app.inject({ method: "GET", url: "/open311/v2/requests.json" });
      expect(georeport.statusCode).toBe(503);
      expect(georeport.headers["retry-after"]).toBe("5");
      expect(georeport.json()).toEqual([{ code: "503", description: expect.stringMatching(/try again/i) }]);
      expect((await app.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
    } finally {
      await app.close();
      await db.destroy();
    }
  });
});
