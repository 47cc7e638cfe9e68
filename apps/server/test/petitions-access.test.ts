import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { call, HOME_LEVEL, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// Who may register and handle 信访 petitions, and where: role × jurisdiction for every petition route.
// Own region: allowed for the window roles; a neighbouring township: 404 (never revealing the petition);
// a role without the right in its own jurisdiction: 403.

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let seq = 0;

const petition = (regionCode: string) => ({
  kind: "suggestion",
  channel: "letter",
  category: "village_affairs",
  title: "建议公开村务",
  description: "建议村委会按月公开村务和财务收支。",
  matter: `村务公开建议-${++seq}`,
  regionCode,
  petitioner: { name: "赵六", phone: `1370000${String(1000 + seq)}` },
});

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
});

async function registered() {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/petitions",
    payload: petition(tree.township),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseVersion: number; caseId: string };
}

const sessionFor = (role: Role, region: keyof Tree = HOME_LEVEL[role]) =>
  login(env, { roles: [role], region: tree[region] });

describe("registering a petition", () => {
  it.each<[Role, keyof Tree, number]>([
    ["center_staff", "township", 201],
    ["township_leader", "township", 201],
    ["center_staff", "otherTownship", 404],
    ["grid_worker", "grid", 403],
    ["village_cadre", "village", 403],
    ["mediator", "village", 403],
    ["leader", "county", 403],
    ["admin", "county", 403],
  ])("%s at %s registering in the township → %i", async (role, home, status) => {
    const s = await sessionFor(role, home);
    // A user registers at a region of their own subtree; the township's petition for those below it.
    const region = home === "grid" || home === "village" ? tree[home] : tree.township;
    const res = await call(env, s, { method: "POST", url: "/api/v1/petitions", payload: petition(region) });
    expect(res.statusCode, res.body).toBe(status);
  });
});

describe("reading and handling a petition", () => {
  it.each<[Role, keyof Tree, number, number]>([
    // role, home region, GET status, accept status
    ["center_staff", "township", 200, 200],
    ["township_leader", "township", 200, 200],
    ["center_staff", "county", 200, 200],
    ["center_staff", "otherTownship", 404, 404],
    ["township_leader", "otherTownship", 404, 404],
    ["leader", "county", 200, 403],
    ["village_cadre", "otherVillage", 404, 404],
    ["department_handler", "county", 404, 404],
  ])("%s at %s: read → %i, accept → %i", async (role, home, read, accept) => {
    const p = await registered();
    const s = await sessionFor(role, home);
    expect((await call(env, s, { method: "GET", url: `/api/v1/petitions/${p.id}` })).statusCode).toBe(read);
    const res = await call(env, s, {
      method: "POST",
      url: `/api/v1/petitions/${p.id}/commands`,
      payload: { type: "accept", version: p.caseVersion },
    });
    expect(res.statusCode, res.body).toBe(accept);
  });

  it("the workbench list holds only petitions in the user's jurisdiction", async () => {
    const p = await registered();
    const neighbour = await sessionFor("center_staff", "otherTownship");
    const mine = (await call(env, clerk, { method: "GET", url: "/api/v1/petitions" })).json().items;
    const theirs = (await call(env, neighbour, { method: "GET", url: "/api/v1/petitions" })).json().items;
    expect(mine.map((i: { id: string }) => i.id)).toContain(p.id);
    expect(theirs.map((i: { id: string }) => i.id)).not.toContain(p.id);
  });

  it("a department the petition was routed to (转送) may reply; its neighbour may not see it", async () => {
    const unit = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "县民政局", region_code: tree.county })
      .returning("id")
      .executeTakeFirstOrThrow();
    const p = await registered();
    const route = await call(env, clerk, {
      method: "POST",
      url: `/api/v1/petitions/${p.id}/commands`,
      payload: { type: "route", unitId: unit.id, note: "属民政职责", version: p.caseVersion },
    });
    expect(route.statusCode, route.body).toBe(200);
    const dept = await login(env, { roles: ["department_handler"], region: tree.county, unitId: unit.id });
    const accept = await call(env, dept, {
      method: "POST",
      url: `/api/v1/petitions/${p.id}/commands`,
      payload: { type: "accept", version: route.json().caseVersion },
    });
    expect(accept.statusCode, accept.body).toBe(200);
    const letterId = accept.json().letters[0].id;
    const print = await call(env, dept, {
      method: "GET",
      url: `/api/v1/petitions/letters/${letterId}/print`,
    });
    expect(print.statusCode).toBe(200);
    const neighbour = await sessionFor("center_staff", "otherTownship");
    const denied = await call(env, neighbour, {
      method: "GET",
      url: `/api/v1/petitions/letters/${letterId}/print`,
    });
    expect(denied.statusCode).toBe(404);
  });

  it("without a session every petition route answers 401", async () => {
    const p = await registered();
    for (const url of [
      "/api/v1/petitions",
      `/api/v1/petitions/${p.id}`,
      `/api/v1/cases/${p.caseId}/petition`,
    ]) {
      expect((await call(env, null, { method: "GET", url })).statusCode).toBe(401);
    }
  });
});
