import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// Issue 13: the password policy (≥ 10 characters, not one kind, not the username, not a breached
// password from the bundled list) where passwords are set: account creation and an admin's reset.
let env: TestEnv;
let tree: Tree;
let admin: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.county });
});

const newUser = (username: string, password: string) =>
  call(env, admin, {
    method: "POST",
    url: "/api/v1/users",
    headers: { "accept-language": "en" },
    payload: { username, displayName: "王五", password, roles: ["grid_worker"], regionCode: tree.grid },
  });

const userCount = async () =>
  Number(
    (
      await env.ctx.db
        .selectFrom("users")
        .select((e) => e.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("creating an account", () => {
  it.each([
    ["too short", "wangwu1", "Ab1-short", "too_short"],
    ["one kind of character", "wangwu2", "abcdefghijklmn", "one_class"],
    ["the username inside", "wangwu3", "wangwu3-2026!", "username"],
    ["on the breached list", "wangwu4", "password123", "common"],
    ["on the breached list, any case", "wangwu5", "QWERTYUIOP12", "common"],
  ])("%s: 400 naming the rule, and no account", async (_name, username, password, problem) => {
    const before = await userCount();
    const res = await newUser(username, password);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toBe("INVALID_INPUT");
    expect(res.json().details.passwordProblems).toContain(problem);
    expect(res.json().message).toMatch(/password does not meet the policy/);
    expect(res.json().messages.zh).toMatch(/密码不符合要求/);
    expect(await userCount()).toBe(before);
  });

  it("a good password creates it, and the demo password fengqiao2026 keeps the policy", async () => {
    expect((await newUser("wangwu6", "Fengqiao-枫桥-2026")).statusCode).toBe(201);
    expect((await newUser("wangwu7", "fengqiao2026")).statusCode).toBe(201);
  });
});

describe("an administrator's reset", () => {
  it("refuses a breached password and keeps the old one and the user's sessions", async () => {
    const worker = await login(env, { roles: ["grid_worker"], region: tree.grid, username: "reset_policy" });
    const res = await call(env, admin, {
      method: "POST",
      url: `/api/v1/users/${worker.userId}/reset-password`,
      payload: { password: "1qaz2wsx3edc" },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details.passwordProblems).toEqual(["common"]);
    expect((await call(env, worker, { method: "GET", url: "/api/v1/auth/me" })).statusCode).toBe(200);
    const ok = await call(env, admin, {
      method: "POST",
      url: `/api/v1/users/${worker.userId}/reset-password`,
      payload: { password: "Reset-policy-2026" },
    });
    expect(ok.statusCode, ok.body).toBe(204);
  });
});
