import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, testEnv } from "./helpers";

// Regression tests for what the OpenAPI fuzzer (fuzz.test.ts) found: each case here answered in a
// shape of Fastify's own, a 5xx, or stored something, before its fix.
let env: TestEnv;
let staff: Session;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  staff = await login(env, { roles: ["center_staff"], region: tree.township });
});

function expectCoded(res: { statusCode: number; body: string }, status = 400, code = "INVALID_INPUT") {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body);
  expect(body.error).toBe(code);
  expect(body.messages.zh.length).toBeGreaterThan(0);
  expect(body.messages.en.length).toBeGreaterThan(0);
}

describe("router errors answer in our shape", () => {
  it.each([
    ["a broken percent escape", "/api/v1/cases/%E0%A4%A"],
    ["an invalid UTF-8 escape", "/api/v1/tasks/%ff/sign"],
    ["a path parameter longer than the router takes", `/api/v1/cases/${"9".repeat(400)}`],
  ])("%s: 400 INVALID_INPUT with zh/en words", async (_name, url) => {
    expectCoded(await call(env, staff, { method: "GET", url, headers: { "accept-language": "en" } }));
  });

  it("on the Open311 door, in GeoReport's error list", async () => {
    const res = await env.app.inject({ method: "GET", url: "/open311/v2/requests/%ff.json" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual([{ code: "400", description: "The address is malformed" }]);
  });
});
