import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";

const KEY = "ab".repeat(32);

describe("configuration", () => {
  it("refuses the test clock in production", () => {
    expect(() =>
      loadConfig({ NODE_ENV: "production", FENGQIAO_TEST_CLOCK: "1", FENGQIAO_SECRET_KEY: KEY }),
    ).toThrow(/FENGQIAO_TEST_CLOCK=1 is refused/);
  });

  it("requires a secret key in production", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/FENGQIAO_SECRET_KEY is required/);
  });

  it.each([
    [{ PORT: "seventy" }, /PORT/],
    [{ DATABASE_URL: "not a url" }, /DATABASE_URL/],
    [{ FENGQIAO_SECRET_KEY: "short" }, /64 hex characters/],
  ])("names the bad setting %o", (env, message) => {
    expect(() => loadConfig({ NODE_ENV: "test", ...env })).toThrow(message);
  });

  it("reads DATABASE_URL and the test clock once, into a typed object", () => {
    const c = loadConfig({
      NODE_ENV: "test",
      DATABASE_URL: "postgres://u:p@db.example:5432/fq",
      FENGQIAO_TEST_CLOCK: "1",
      FENGQIAO_SECRET_KEY: KEY,
    });
    expect(c).toMatchObject({
      databaseUrl: "postgres://u:p@db.example:5432/fq",
      testClock: true,
      port: 3000,
    });
    expect(c.secretKey).toHaveLength(32);
  });

  it("trusts no proxy unless FENGQIAO_TRUST_PROXY says so: a hop count or an address/CIDR list", () => {
    const tp = (v?: string) =>
      loadConfig({ NODE_ENV: "test", FENGQIAO_SECRET_KEY: KEY, FENGQIAO_TRUST_PROXY: v }).trustProxy;
    expect(tp()).toBe(false);
    expect(tp("0")).toBe(false);
    expect(tp("2")).toBe(2);
    expect(tp("10.0.0.0/8, 127.0.0.1,::1,fd00::/8,loopback")).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
      "fd00::/8",
      "loopback",
    ]);
    for (const bad of ["true", "10.0.0.0/33", "proxy.example", "1.2.3", "50"]) {
      expect(() => tp(bad), bad).toThrow(/FENGQIAO_TRUST_PROXY/);
    }
  });
});
