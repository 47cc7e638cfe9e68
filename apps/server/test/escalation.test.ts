import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let grid: Session;
let cadre: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  await env.ctx.db
    .updateTable("regions")
    .set({ name: "梁家墩村" })
    .where("code", "=", tree.village)
    .execute();
  await env.ctx.db.updateTable("regions").set({ name: "党寨镇" }).where("code", "=", tree.township).execute();
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
});

async function newCase() {
  const res = await call(env, grid, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; version: number };
}

const escalate = (who: Session, c: { id: string; version: number }, extra: Record<string, unknown> = {}) =>
  call(env, who, {
    method: "POST",
    url: `/api/v1/cases/${c.id}/commands`,
    payload: { type: "escalate", reason: "村里调解不成", version: c.version, ...extra },
  });

describe("escalate: where the case goes", () => {
  it("names the next step and who holds it", async () => {
    const c = await newCase();
    const res = await call(env, grid, { method: "GET", url: `/api/v1/cases/${c.code}/escalation` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().choices).toEqual([
      {
        kind: "next",
        toStep: 2,
        stepName: { zh: "组团", en: "Form a team" },
        level: "village",
        regionName: "梁家墩村",
      },
    ]);
  });

  it("offers a village cadre take-over at the village or escalation above it, and nothing higher", async () => {
    const c = await newCase();
    const res = await call(env, cadre, { method: "GET", url: `/api/v1/cases/${c.code}/escalation` });
    expect(res.json().choices).toMatchObject([
      { kind: "takeOver", toStep: 2, stepName: { zh: "组团" }, regionName: "梁家墩村" },
      { kind: "above", toStep: 3, stepName: { zh: "会诊" }, regionName: "党寨镇" },
    ]);
    const tooHigh = await escalate(cadre, c, { toStep: 4 });
    expect(tooHigh.statusCode).toBe(400);
    expect(tooHigh.json()).toMatchObject({ error: "INVALID_INPUT", details: { field: "toStep", max: 3 } });
    const up = await escalate(cadre, c, { toStep: 3 });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ step: 3 });
    const detail = (await call(env, cadre, { method: "GET", url: `/api/v1/cases/${c.code}` })).json();
    const ev = detail.timeline.find((e: { type: string }) => e.type === "case.escalated");
    expect(ev.data).toMatchObject({ fromStep: 1, toStep: 3 });
  });

  it("does not let a grid worker skip steps", async () => {
    const c = await newCase();
    const res = await escalate(grid, c, { toStep: 3 });
    expect(res.statusCode).toBe(400);
    expect((await escalate(grid, c, { toStep: 2 })).statusCode).toBe(200);
  });
});
