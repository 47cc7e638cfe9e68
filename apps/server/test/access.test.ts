import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  call,
  HOME_LEVEL,
  login,
  makeTree,
  type Session,
  sampleCase,
  type TestEnv,
  type Tree,
  testEnv,
} from "./helpers";

// The access matrix, written out by hand: role × (in / out of jurisdiction) × action → HTTP status,
// for a case at step 1 (接单, the grid's step) in `tree.grid`.
type Action = "read" | "list" | "accept" | "reject" | "reveal";
const IN: Record<Role, Record<Action, number>> = {
  grid_worker: { read: 200, list: 1, accept: 200, reject: 403, reveal: 200 },
  village_cadre: { read: 200, list: 1, accept: 200, reject: 200, reveal: 200 },
  mediator: { read: 200, list: 1, accept: 200, reject: 403, reveal: 200 },
  police: { read: 200, list: 1, accept: 200, reject: 403, reveal: 200 },
  center_staff: { read: 200, list: 1, accept: 200, reject: 200, reveal: 200 },
  township_leader: { read: 200, list: 1, accept: 200, reject: 200, reveal: 200 },
  department_handler: { read: 404, list: 0, accept: 404, reject: 404, reveal: 404 },
  leader: { read: 200, list: 1, accept: 403, reject: 403, reveal: 403 },
  admin: { read: 200, list: 1, accept: 403, reject: 403, reveal: 403 },
};
const OUT: Record<Action, number> = { read: 404, list: 0, accept: 404, reject: 404, reveal: 404 };

let env: TestEnv;
let tree: Tree;
let clerk: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
});

function homeOf(role: Role, inside: boolean): string {
  if (inside) return tree[HOME_LEVEL[role]];
  const outside: Partial<Record<keyof Tree, keyof Tree>> = {
    grid: "otherGrid",
    village: "otherVillage",
    township: "otherTownship",
  };
  // County-level roles have no "outside" within one county: another county's tree stands in.
  return tree[outside[HOME_LEVEL[role]] ?? "otherTownshipGrid"];
}

async function attempt(s: Session, action: Action): Promise<number> {
  const c = (
    await call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
  ).json();
  const cmd = (payload: object) =>
    call(env, s, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { ...payload, version: c.version },
    });
  switch (action) {
    case "read":
      return (await call(env, s, { method: "GET", url: `/api/v1/cases/${c.code}` })).statusCode;
    case "list": {
      const list = (await call(env, s, { method: "GET", url: "/api/v1/cases?limit=200" })).json();
      return list.items.filter((i: { id: string }) => i.id === c.id).length;
    }
    case "accept":
      return (await cmd({ type: "accept" })).statusCode;
    case "reject":
      return (await cmd({ type: "reject", reason: "不属于受理范围" })).statusCode;
    case "reveal":
      return (await call(env, s, { method: "POST", url: `/api/v1/cases/${c.id}/contacts` })).statusCode;
  }
}

const cells = (Object.keys(IN) as Role[]).flatMap((role) =>
  [true, false].flatMap((inside) =>
    (Object.keys(OUT) as Action[]).map((action) => [role, inside ? "in" : "out", action] as const),
  ),
);

describe("role × jurisdiction × action", () => {
  it.each(cells)("%s %s jurisdiction: %s", async (role, where, action) => {
    const region = role === "admin" || role === "leader" || role === "department_handler" ? tree.county : "";
    let home = homeOf(role, where === "in");
    if (where === "out" && region) {
      // Put county-level users in a second county so "out" is really outside.
      const other = await makeTree(env.ctx);
      home = other.county;
    }
    const unit = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "人社局", region_code: tree.county, stationing: "rotating" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const s = await login(env, {
      roles: [role],
      region: home,
      unitId: role === "department_handler" ? unit.id : null,
    });
    const expected = where === "in" ? IN[role][action] : OUT[action];
    expect(await attempt(s, action)).toBe(expected);
  });

  it("a department handler sees and handles a case once it is assigned to its unit", async () => {
    const unit = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "住建局", region_code: tree.county, stationing: "on_call" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const dept = await login(env, { roles: ["department_handler"], region: tree.county, unitId: unit.id });
    const township = await login(env, { roles: ["township_leader"], region: tree.township });
    const c = (
      await call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
    ).json();
    const assigned = await call(env, township, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "assign", unitId: unit.id, userId: null, version: c.version },
    });
    expect(assigned.statusCode).toBe(200);
    const seen = await call(env, dept, { method: "GET", url: `/api/v1/cases/${c.id}` });
    expect(seen.statusCode).toBe(200);
    const note = await call(env, dept, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { type: "note", text: "已联系用人单位", version: assigned.json().version },
    });
    expect(note.statusCode).toBe(200);
  });

  it.each([
    ["GET", "/api/v1/users"],
    ["PUT", "/api/v1/policies/siji-qitian"],
    ["GET", "/api/v1/admin/audit/verify"],
  ])("only admins: %s %s", async (method, url) => {
    const s = await login(env, { roles: ["township_leader"], region: tree.township });
    const res = await call(env, s, {
      method: method as "GET",
      url,
      payload: method === "PUT" ? {} : undefined,
    });
    expect(res.statusCode).toBe(403);
  });
});
