import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, testEnv } from "./helpers";

// Regression tests for what the OpenAPI fuzzer (fuzz.test.ts) found: each case here answered in a
// shape of Fastify's own, a 5xx, or stored something, before its fix.
let env: TestEnv;
let staff: Session;
let tree: Awaited<ReturnType<typeof makeTree>>;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
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

describe("forwarded headers from behind the proxy", () => {
  it.each([
    ["a huge X-Forwarded-Proto", { "x-forwarded-proto": "a".repeat(8_000) }],
    ["markup in X-Forwarded-Proto", { "x-forwarded-proto": "<script>" }],
    ["markup in X-Forwarded-Host", { "x-forwarded-host": '"><script>alert(1)</script>' }],
  ])("%s: the village card sheet still prints, with a clean address", async (_name, headers) => {
    const res = await call(env, staff, {
      method: "GET",
      url: `/api/v1/villages/${tree.village}/cards/print`,
      headers,
    });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.body).not.toContain("<script>");
    expect(res.body).not.toContain("aaaaaaaaaa");
  });
});

describe("a broken multipart form on the Open311 door", () => {
  it.each([
    ["no closing boundary", '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n'],
    ["no part at all", "garbage"],
  ])("%s: 400 in GeoReport's error list, not 500", async (_name, payload) => {
    const res = await env.app.inject({
      method: "POST",
      url: "/open311/v2/servicerequestupdates.json",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()[0].code).toBe("400");
  });
});
