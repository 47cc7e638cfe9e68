import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// A one-time password (an import's initial password, an administrator's reset) closes the API but for
// the change; POST /auth/password is the owner's own change, policy and breached list included.

let env: TestEnv;
let tree: Tree;
let admin: Session;
const PASSWORD = "test-password-1"; // helpers.ts login()

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.township });
});

const mustChange = (userId: string) =>
  env.ctx.db.updateTable("users").set({ must_change_password: true }).where("id", "=", userId).execute();

async function signIn(
  username: string,
  password: string,
): Promise<Session & { body: Record<string, unknown> }> {
  const res = await env.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "fq_session");
  const body = res.json();
  return { userId: body.id, cookie: `fq_session=${cookie?.value}`, csrf: body.csrfToken, body };
}

const change = (s: Session, currentPassword: string, newPassword: string) =>
  call(env, s, { method: "POST", url: "/api/v1/auth/password", payload: { currentPassword, newPassword } });

describe("must change password", () => {
  it("closes every API but me, logout and the change, with 403 PASSWORD_CHANGE_REQUIRED in zh and en", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
    await mustChange(worker.userId);
    // The trigger's notice clears the session cache; the test does not depend on its timing:
    const me = await signIn(
      (
        await env.ctx.db
          .selectFrom("users")
          .select("username")
          .where("id", "=", worker.userId)
          .executeTakeFirstOrThrow()
      ).username,
      PASSWORD,
    );
    expect(me.body.mustChangePassword).toBe(true);
    const who = await call(env, me, { method: "GET", url: "/api/v1/auth/me" });
    expect(who.statusCode).toBe(200);
    expect(who.json().mustChangePassword).toBe(true);
    for (const url of ["/api/v1/cases", "/api/v1/workbench", "/api/v1/auth/devices", "/api/v1/regions"]) {
      const res = await call(env, me, { method: "GET", url });
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({
        error: "PASSWORD_CHANGE_REQUIRED",
        messages: {
          zh: "请先修改初始密码后再使用系统",
          en: "Change your initial password before using the system",
        },
      });
    }
    const write = await call(env, me, {
      method: "POST",
      url: "/api/v1/cases",
      payload: {
        channel: "hotline",
        category: "neighbour",
        title: "x",
        description: "y",
        regionCode: tree.grid,
      },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().error).toBe("PASSWORD_CHANGE_REQUIRED");
    // The console's and field app's own pages are not API: the form must load.
    expect((await call(env, me, { method: "GET", url: "/api/v1/meta" })).statusCode).toBe(200);
    const out = await call(env, me, { method: "POST", url: "/api/v1/auth/logout" });
    expect(out.statusCode).toBe(200);
  });

  it("an admin's reset sets it; the change clears it, keeps this session, ends the others, is audited", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid, username: "first_pw" });
    const reset = await call(env, admin, {
      method: "POST",
      url: `/api/v1/users/${worker.userId}/reset-password`,
      payload: { password: "Temp-pass-2026" },
    });
    expect(reset.statusCode, reset.body).toBe(204);
    const phone = await signIn("first_pw", "Temp-pass-2026");
    const desk = await signIn("first_pw", "Temp-pass-2026");
    expect(desk.body.mustChangePassword).toBe(true);
    expect((await call(env, desk, { method: "GET", url: "/api/v1/workbench" })).statusCode).toBe(403);

    const res = await change(desk, "Temp-pass-2026", "Qingshui-river-7");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mustChangePassword: false, username: "first_pw" });
    expect((await call(env, desk, { method: "GET", url: "/api/v1/workbench" })).statusCode).toBe(200);
    // The other session held the old password: it is gone.
    expect((await call(env, phone, { method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(401);
    const log = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "auth.password_changed")
      .where("entity_id", "=", worker.userId)
      .executeTakeFirstOrThrow();
    expect(log.actor_id).toBe(worker.userId);
    expect(log.data).toMatchObject({ wasOneTime: true, otherSessionsEnded: 1 });
    expect(JSON.stringify(log.data)).not.toContain("Qingshui");
    // The new password signs in, the old one no longer does.
    expect((await signIn("first_pw", "Qingshui-river-7")).body.mustChangePassword).toBe(false);
    const old = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "first_pw", password: "Temp-pass-2026" },
    });
    expect(old.statusCode).toBe(401);
  });
});

describe("POST /auth/password", () => {
  it("refuses a wrong current password, a weak, breached, same or username password with 400 and a reason", async () => {
    const user = await login(env, { roles: ["village_cadre"], region: tree.village, username: "cadre_pw" });
    const wrong = await change(user, "not-my-password", "Qingshui-river-7");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ error: "INVALID_INPUT", messages: { zh: "当前密码不正确" } });
    const same = await change(user, PASSWORD, PASSWORD);
    expect(same.statusCode).toBe(400);
    expect(same.json().messages.en).toContain("differ");
    const short = await change(user, PASSWORD, "abc12");
    expect(short.statusCode).toBe(400);
    const breached = await change(user, PASSWORD, "woaini1314");
    expect(breached.statusCode).toBe(400);
    expect(breached.json().details.passwordProblems).toContain("common");
    const named = await change(user, PASSWORD, "cadre_pw-2026");
    expect(named.json().details.passwordProblems).toContain("username");
    const missing = await call(env, user, { method: "POST", url: "/api/v1/auth/password", payload: {} });
    expect(missing.statusCode).toBe(400);
    // Nothing changed: the old password still works.
    expect((await signIn("cadre_pw", PASSWORD)).body.mustChangePassword).toBe(false);
  });

  it("needs a session and the CSRF token; it changes only the caller's own password", async () => {
    const anon = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      payload: { currentPassword: PASSWORD, newPassword: "Qingshui-river-7" },
    });
    expect(anon.statusCode).toBe(401);
    const user = await login(env, { roles: ["police"], region: tree.village });
    const noCsrf = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/password",
      headers: { cookie: user.cookie },
      payload: { currentPassword: PASSWORD, newPassword: "Qingshui-river-7" },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toBe("CSRF_FAILED");
    // Any role changes its own; the admin's own password is untouched by it.
    const ok = await change(user, PASSWORD, "Heishui-river-9");
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().id).toBe(user.userId);
    expect((await call(env, admin, { method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(200);
  });
});
