import Fastify from "fastify";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { registerErrorHandling } from "../src/plugins/errors";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// Item 5: a NUL (or another control character, or a lone surrogate) is the client's 400 at the
// schema, on every door, and nothing is written.
let env: TestEnv;
let tree: Tree;
let staff: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  staff = await login(env, { roles: ["center_staff"], region: tree.county });
});

const countCases = async () =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM cases`.execute(env.ctx.db)).rows[0]?.n);

function expectInvalid(res: { statusCode: number; body: string; json(): { error: string } }) {
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error).toBe("INVALID_INPUT");
}

describe("control characters in client text", () => {
  it.each([
    ["title", { title: "邻居\u0000装修" }],
    ["description", { description: "噪音\u0000扰民" }],
    ["party name", { parties: [{ role: "applicant", name: "张\u0000三" }] }],
    ["reporter name", { reporter: { name: "张\u0007三" } }],
    ["description with a lone surrogate", { description: "噪音\uD83D扰民" }],
  ])("a case %s: 400 INVALID_INPUT and no case", async (_name, extra) => {
    const before = await countCases();
    const res = await call(env, staff, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid, extra),
    });
    expectInvalid(res);
    expect(await countCases()).toBe(before);
  });

  it("a note: 400 and the timeline unchanged", async () => {
    const created = await call(env, staff, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { code, version } = created.json();
    const res = await call(env, staff, {
      method: "POST",
      url: `/api/v1/cases/${code}/commands`,
      payload: { type: "note", version, text: "记录\u0000" },
    });
    expectInvalid(res);
    const after = await call(env, staff, { method: "GET", url: `/api/v1/cases/${code}` });
    expect(after.json().version).toBe(version);
  });

  it("the case search ?q=%00 and a case reference with %00", async () => {
    expectInvalid(await call(env, staff, { method: "GET", url: "/api/v1/cases?q=%00" }));
    expectInvalid(await call(env, staff, { method: "GET", url: "/api/v1/cases/a%00b" }));
  });

  it("the login username", async () => {
    const res = await env.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { username: "admin\u0000", password: "whatever-it-is" },
    });
    expectInvalid(res);
  });

  it("a citizen report: 400 and no case", async () => {
    const place = await createPlace(env, staff, tree.grid);
    const before = await countCases();
    expectInvalid(await submit(env, reportBody(place.token, { description: "楼上漏水\u0000已经三天了" })));
    expectInvalid(await submit(env, reportBody(place.token, { name: "李\u0000四" })));
    expectInvalid(
      await submit(
        env,
        reportBody(place.token, { location: { lat: 36.06, lng: 103.83, address: "3号楼\u0000" } }),
      ),
    );
    expect(await countCases()).toBe(before);
  });
});

describe("the error handler's safety net", () => {
  it("maps PostgreSQL's invalid byte sequence (22021) to 400 INVALID_INPUT, not 500", async () => {
    // A route that hands a NUL to PostgreSQL as a field missed by the schemas would.
    const app = Fastify();
    registerErrorHandling(app);
    app.get("/echo", async () => (await sql`SELECT ${"a\u0000b"}::text AS t`.execute(env.ctx.db)).rows);
    await app.ready();
    const res = await app.inject({ method: "GET", url: "/echo", headers: { "accept-language": "en" } });
    expectInvalid(res);
    expect(res.json().message).toMatch(/cannot be stored/);
    await app.close();
  });
});
