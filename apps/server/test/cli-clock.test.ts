import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, runCli, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

const offset = async () => {
  const row = await env.ctx.db
    .selectFrom("settings")
    .select("value")
    .where("key", "=", "test_clock_offset_ms")
    .executeTakeFirst();
  return row ? Number(row.value) : 0;
};

describe("fengqiao clock advance", () => {
  it("refuses to move the clock backwards, like the API, and leaves it where it was", {
    timeout: 90_000,
  }, async () => {
    const before = await offset();
    const back = await runCli(env, ["clock", "advance", "-P72D"], { FENGQIAO_TEST_CLOCK: "1" });
    expect(back.code).toBe(1);
    expect(back.out).toContain("The clock only moves forward");
    expect(back.out).toContain("时钟只能向前拨");
    expect(await offset()).toBe(before);

    const tree = await makeTree(env.ctx);
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const api = await call(env, admin, {
      method: "POST",
      url: "/api/v1/admin/clock/advance",
      payload: { by: "-P72D" },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().messages.en).toBe("The clock only moves forward");
  });

  it("moves forward", { timeout: 90_000 }, async () => {
    const before = await offset();
    const fwd = await runCli(env, ["clock", "advance", "P1D"], { FENGQIAO_TEST_CLOCK: "1" });
    expect(fwd.code, fwd.out).toBe(0);
    expect(await offset()).toBe(before + 86_400_000);
  });
});
