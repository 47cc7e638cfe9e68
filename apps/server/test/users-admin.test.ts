import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let admin: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.township });
});

const sessionsOf = async (userId: string) =>
  (await env.ctx.db.selectFrom("sessions").select("token_hash").where("user_id", "=", userId).execute())
    .length;

describe("PATCH /users/:id", () => {
  it("changes roles and region, audited", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const res = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/users/${worker.userId}`,
      payload: { roles: ["village_cadre", "mediator"], regionCode: tree.village, displayName: "李书记" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      roles: ["village_cadre", "mediator"],
      regionCode: tree.village,
      displayName: "李书记",
      disabled: false,
    });
    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.updated")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(log).toMatchObject({ entity_id: worker.userId, actor_id: admin.userId });
  });

  it("disabling signs the user out everywhere", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    expect(await sessionsOf(worker.userId)).toBe(1);
    const res = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/users/${worker.userId}`,
      payload: { disabled: true },
    });
    expect(res.json().disabled).toBe(true);
    expect(await sessionsOf(worker.userId)).toBe(0);
    expect((await call(env, worker, { method: "GET", url: "/api/v1/workbench" })).statusCode).toBe(401);
  });

  it("answers 404 for users and regions outside the admin's subtree, 403 for non-admins", async () => {
    const far = await login(env, { roles: ["grid_worker"], region: tree.otherTownshipGrid });
    const near = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const url = (id: string) => `/api/v1/users/${id}`;
    const patch = (who: Session, id: string, payload: Record<string, unknown>) =>
      call(env, who, { method: "PATCH", url: url(id), payload });
    expect((await patch(admin, far.userId, { displayName: "x" })).statusCode).toBe(404);
    expect((await patch(admin, near.userId, { regionCode: tree.otherTownshipGrid })).statusCode).toBe(404);
    expect((await patch(near, near.userId, { displayName: "x" })).statusCode).toBe(403);
    const bad = await patch(admin, near.userId, { roles: ["emperor"] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("INVALID_INPUT");
  });

  it("will not let an admin lock themselves out", async () => {
    const res = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/users/${admin.userId}`,
      payload: { disabled: true },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe("POST /users/:id/reset-password", () => {
  it("sets a new password, ends the user's sessions and lets them log in with it", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid, username: "reset_me" });
    const short = await call(env, admin, {
      method: "POST",
      url: `/api/v1/users/${worker.userId}/reset-password`,
      payload: { password: "short" },
    });
    expect(short.statusCode).toBe(400);
    const res = await call(env, admin, {
      method: "POST",
      url: `/api/v1/users/${worker.userId}/reset-password`,
      payload: { password: "new-password-42" },
    });
    expect(res.statusCode, res.body).toBe(204);
    expect(await sessionsOf(worker.userId)).toBe(0);
    const loginRes = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "reset_me", password: "new-password-42" },
    });
    expect(loginRes.statusCode).toBe(200);
    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "user.password_reset")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(log.data)).not.toContain("new-password-42");
  });
});
