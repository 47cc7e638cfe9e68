import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type TestEnv, testEnv } from "./helpers";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../../..");
let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

function fengqiao(args: string[]) {
  return run(process.execPath, [path.join(ROOT, "apps/server/bin/fengqiao.mjs"), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      FENGQIAO_SECRET_KEY: "ab".repeat(32),
      FENGQIAO_TEST_CLOCK: "1",
      NODE_ENV: "test",
    },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

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
    const back = await fengqiao(["clock", "advance", "-P72D"]);
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
    const fwd = await fengqiao(["clock", "advance", "P1D"]);
    expect(fwd.code, fwd.out).toBe(0);
    expect(await offset()).toBe(before + 86_400_000);
  });
});
