import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { HSTS } from "../src/plugins/security-headers";
import { login, makeTree, type TestEnv, type Tree, testEnv } from "./helpers";

// Issue 13, headers: a strict CSP (no inline script), frame denial, nosniff, a Referrer-Policy;
// HSTS and Secure cookies only over TLS (here: behind the trusted proxy, X-Forwarded-Proto: https).
let env: TestEnv;
let tree: Tree;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
});

const csp = (h: Record<string, unknown>) => String(h["content-security-policy"] ?? "");

describe("headers on every answer", () => {
  it("CSP without inline script, frames denied, nosniff, same-origin referrer, no HSTS over plain HTTP", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/v1/meta" });
    const policy = csp(res.headers);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(res.headers["x-frame-options"]).toBe("DENY");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("same-origin");
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });

  it("behind TLS: HSTS, and the session cookie is Secure", async () => {
    const s = await login(env, { roles: ["admin"], region: tree.county, username: "tls_user" });
    expect(s.cookie).toMatch(/^fq_session=/);
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      headers: { "x-forwarded-proto": "https" },
      payload: { username: "tls_user", password: "test-password-1" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["strict-transport-security"]).toBe(HSTS);
    expect(String(res.headers["set-cookie"])).toMatch(/fq_session=[^;]+;.*; Secure/);
  });

  it("over plain HTTP the cookie is not marked Secure (it would never come back)", async () => {
    await login(env, { roles: ["admin"], region: tree.county, username: "plain_user" });
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "plain_user", password: "test-password-1" },
    });
    expect(String(res.headers["set-cookie"])).not.toMatch(/Secure/i);
  });

  it("the printable pages the server renders keep their print button but connect nowhere", async () => {
    const s = await login(env, { roles: ["township_leader"], region: tree.township });
    const res = await env.app.inject({
      method: "GET",
      url: `/api/v1/villages/${tree.village}/cards/print`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(csp(res.headers)).toContain("default-src 'none'");
    expect(csp(res.headers)).toContain("frame-ancestors 'none'");
  });
});

describe("the pages' HTML has no inline script", () => {
  it.each(["web", "citizen"])("apps/%s/index.html", (app) => {
    const html = readFileSync(path.resolve(import.meta.dirname, `../../${app}/index.html`), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
