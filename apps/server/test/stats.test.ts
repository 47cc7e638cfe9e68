import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let leader: Session;

async function run(who: Session, regionCode: string, steps: Record<string, unknown>[], extra = {}) {
  const res = await call(env, who, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(regionCode, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  let c = res.json();
  for (const step of steps) {
    const r = await call(env, who, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { ...step, version: c.version },
    });
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
  }
  return c;
}

const accept = { type: "accept" };
const escalate = { type: "escalate", reason: "上报" };
const resolve = { type: "resolve", summary: "调解成功" };

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  leader = await login(env, { roles: ["leader"], region: tree.county });
  const town = await login(env, { roles: ["township_leader"], region: tree.township });
  const otherTown = await login(env, { roles: ["township_leader"], region: tree.otherTownship });
  await run(town, tree.grid, [accept, resolve]); // settled at step 1 (网格)
  await run(town, tree.otherGrid, [accept, escalate, resolve]); // settled at step 2 (村)
  await run(town, tree.grid, [accept, escalate, escalate, resolve]); // settled at step 3 (中心)
  await run(town, tree.grid, [], { highRisk: true }); // open, red
  await run(town, `${tree.otherVillage}001`, [{ type: "reject", reason: "不属于受理范围" }]);
  await run(otherTown, tree.otherTownshipGrid, [escalate, escalate, escalate, escalate]); // 上交
  await env.ctx.clock.advance(25 * 3600_000);
});

const summary = (who: Session, query = "") =>
  call(env, who, { method: "GET", url: `/api/v1/stats/summary${query}` });

describe("GET /stats/summary", () => {
  it("counts per child region with 小事不出村 and 大事不出镇 rates", async () => {
    const res = await summary(leader);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.region.code).toBe(tree.county);
    expect(body.items.map((i: { code: string }) => i.code)).toEqual([tree.township, tree.otherTownship]);
    expect(body.items[0]).toMatchObject({
      total: 5,
      open: 1,
      resolved: 3,
      closedNotResolved: 1,
      settledStep1: 1,
      settledUpTo2: 2,
      settledUpTo4: 3,
      escalatedBeyond: 0,
      red: 1,
      overdue: 1,
      villageRate: 0.667,
      townshipRate: 1,
    });
    expect(body.items[1]).toMatchObject({
      total: 1,
      open: 1,
      resolved: 0,
      escalatedBeyond: 1,
      villageRate: null,
    });
    expect(body.total).toMatchObject({ total: 6, open: 2, resolved: 3, escalatedBeyond: 1 });
  });

  it("drills down to a township's villages", async () => {
    const body = (await summary(leader, `?region=${tree.township}`)).json();
    const byCode = new Map(body.items.map((i: { code: string; total: number }) => [i.code, i.total]));
    expect(byCode.get(tree.village)).toBe(4);
    expect(byCode.get(tree.otherVillage)).toBe(1);
  });

  it("refuses grid workers (403), foreign regions (404) and bad codes (400)", async () => {
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    expect((await summary(grid)).statusCode).toBe(403);
    const townLeader = await login(env, { roles: ["leader"], region: tree.township });
    expect((await summary(townLeader, `?region=${tree.otherTownship}`)).statusCode).toBe(404);
    expect((await summary(leader, "?region=abc")).statusCode).toBe(400);
  });
});
