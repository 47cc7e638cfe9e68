import { beforeAll, describe, expect, it } from "vitest";
import { login, makeTree, type Session, type TestEnv, testEnv } from "./helpers";

// A cadre tries the citizen pages in the browser they use for the console: the staff session cookie
// travels along, but the citizen doors neither use it nor ask for its CSRF token.
let env: TestEnv;
let cadre: Session;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
});

describe("citizen doors with a staff cookie", () => {
  it("tracking answers as for any citizen (no such case), not 403 CSRF_FAILED", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/public/track",
      payload: { code: "620702-261130-0000001", phoneLast4: "1234" },
      headers: { cookie: cadre.cookie },
    });
    expect(res.statusCode).toBe(404);
  });

  it("Open311 asks for its api_key, not for the console's CSRF token", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      payload: { service_code: "neighbour" },
      headers: { cookie: cadre.cookie },
    });
    expect(res.body).toContain("api_key");
  });

  it("staff routes still demand the CSRF token", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/cases",
      payload: {},
      headers: { cookie: cadre.cookie },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe("CSRF_FAILED");
  });
});
