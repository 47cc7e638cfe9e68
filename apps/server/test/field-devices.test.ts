import type { TCaseView } from "@fengqiao/core";
import { hash } from "@node-rs/argon2";
import { beforeAll, describe, expect, it } from "vitest";
import { runCaseCommand } from "../src/modules/cases/cases.commands";
import { presentCase } from "../src/modules/cases/cases.presenter";
import { onceByKey } from "../src/modules/cases/command-replay";
import { actorByUsername } from "../src/plugins/auth";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
});

/** Logs a fresh grid worker in from a phone (`device`), as the /g/ app does. */
async function phoneLogin(name: string) {
  const username = `g_${Math.random().toString(36).slice(2, 10)}`;
  await env.ctx.db
    .insertInto("users")
    .values({
      username,
      display_name: "网格员",
      password_hash: await hash("phone-pass-1"),
      roles: ["grid_worker"],
      region_code: tree.grid,
    })
    .execute();
  const res = await env.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: "phone-pass-1", device: { name } },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "fq_session");
  const s: Session = {
    userId: res.json().id,
    cookie: `fq_session=${cookie?.value}`,
    csrf: res.json().csrfToken,
  };
  return { s, username, maxAge: cookie?.maxAge ?? 0 };
}

describe("device sessions", () => {
  it("a device login lives 90 days, is listed as the current device and is revoked by its owner", async () => {
    const { s, maxAge, username } = await phoneLogin("华为 Mate 60");
    expect(maxAge).toBe(90 * 86_400);
    const row = await env.ctx.db
      .selectFrom("sessions as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select(["s.expires_at", "s.created_at"])
      .where("u.username", "=", username)
      .executeTakeFirstOrThrow();
    const days = (new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()) / 86_400_000;
    expect(days).toBe(90);
    const list = await call(env, s, { method: "GET", url: "/api/v1/auth/devices" });
    expect(list.statusCode).toBe(200);
    const [device] = list.json().items;
    expect(list.json().items).toHaveLength(1);
    expect(device).toMatchObject({ name: "华为 Mate 60", current: true });
    expect(device.lastSeenAt).toBeTruthy();
    const del = await call(env, s, { method: "DELETE", url: `/api/v1/auth/devices/${device.id}` });
    expect(del.statusCode).toBe(204);
    expect((await call(env, s, { method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(401);
  });

  it("a console login is not a device and keeps the short session", async () => {
    const s = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const list = await call(env, s, { method: "GET", url: "/api/v1/auth/devices" });
    expect(list.json().items).toEqual([]);
  });

  it("nobody revokes another's device but an administrator over them; the revocation is audited", async () => {
    const { s: phone, username } = await phoneLogin("旧手机");
    const user = await env.ctx.db
      .selectFrom("users")
      .select("id")
      .where("username", "=", username)
      .executeTakeFirstOrThrow();
    const [device] = (await call(env, phone, { method: "GET", url: "/api/v1/auth/devices" })).json().items;
    const other = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const res = await call(env, other, { method: "DELETE", url: `/api/v1/auth/devices/${device.id}` });
    expect(res.statusCode).toBe(404);
    const farAdmin = await login(env, { roles: ["admin"], region: tree.otherTownship });
    const far = await call(env, farAdmin, {
      method: "DELETE",
      url: `/api/v1/admin/users/${user.id}/devices/${device.id}`,
    });
    expect(far.statusCode).toBe(404);
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const listed = await call(env, admin, { method: "GET", url: `/api/v1/admin/users/${user.id}/devices` });
    expect(listed.json().items.map((d: { id: string }) => d.id)).toEqual([device.id]);
    const ok = await call(env, admin, {
      method: "DELETE",
      url: `/api/v1/admin/users/${user.id}/devices/${device.id}`,
    });
    expect(ok.statusCode).toBe(204);
    expect((await call(env, phone, { method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(401);
    const logged = await env.ctx.db
      .selectFrom("audit_log")
      .select("actor_id")
      .where("action", "=", "auth.device_revoked")
      .where("entity_id", "=", user.id)
      .execute();
    expect(logged).toEqual([{ actor_id: admin.userId }]);
  });
});

describe("Idempotency-Key on case commands (the phone's offline queue)", () => {
  it("a replayed command runs once and answers the first answer; a stale version with a new key is 409", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const created = await call(env, worker, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { code, version } = created.json();
    const send = (key: string, body: Record<string, unknown>) =>
      call(env, worker, {
        method: "POST",
        url: `/api/v1/cases/${code}/commands`,
        headers: { "idempotency-key": key },
        payload: body,
      });
    const first = await send("queue-0001-accept", { type: "accept", version });
    expect(first.statusCode, first.body).toBe(200);
    const replay = await send("queue-0001-accept", { type: "accept", version });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual(first.json());
    const detail = await call(env, worker, { method: "GET", url: `/api/v1/cases/${code}` });
    const accepts = detail.json().timeline.filter((e: { type: string }) => e.type === "case.accepted");
    expect(accepts).toHaveLength(1);
    const stale = await send("queue-0002-pause", { type: "pause", version, reason: "当事人外出务工" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toBe("CONFLICT");
    // The failed attempt freed its key: sent again with the fresh version, it runs.
    const fresh = await send("queue-0002-pause", {
      type: "pause",
      version: first.json().version,
      reason: "当事人外出务工",
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    const reused = await send("queue-0001-accept", {
      type: "note",
      version: fresh.json().version,
      text: "x",
    });
    expect(reused.statusCode).toBe(409);
  });

  it("the kept answer commits with the change: when keeping it fails, the case is unchanged and the key free", async () => {
    const username = `u_keep_${Math.random().toString(36).slice(2, 8)}`;
    await login(env, { roles: ["grid_worker"], region: tree.grid, username });
    const actor = await actorByUsername(env.ctx.db, username);
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const created = await call(env, worker, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
    });
    const { code, version } = created.json();
    const body = { type: "accept" as const, version };
    const attempt = (fail: boolean) =>
      onceByKey<TCaseView>(env.ctx, actor, "queue-keep-0001", code, body, async (a, keep) => {
        const row = await runCaseCommand({
          ctx: env.ctx,
          actor: a,
          caseRef: code,
          body,
          now: env.ctx.clock.now(),
          within: async (tx, changed) => {
            await keep?.(tx, presentCase(changed, env.ctx.pd));
            if (fail) throw new Error("the disk filled up after the answer was kept");
          },
        });
        return presentCase(row, env.ctx.pd);
      });
    await expect(attempt(true)).rejects.toThrow("disk filled up");
    const after = await call(env, worker, { method: "GET", url: `/api/v1/cases/${code}` });
    expect(after.json().version).toBe(version);
    expect(after.json().timeline.some((e: { type: string }) => e.type === "case.accepted")).toBe(false);
    // Nothing was kept either: the phone's retry with the same key runs the command now.
    const retried = await attempt(false);
    expect(retried.version).toBe(version + 1);
  });
});
