import { beforeAll, describe, expect, it } from "vitest";
import { evaluateRisks } from "../src/modules/dashboard/risk-eval";
import { foldRollup } from "../src/modules/dashboard/rollup";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let leader: Session;
let admin: Session;

async function create(region: string, extra: Record<string, unknown> = {}) {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(region, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string; version: number };
}
/** What the job does every few seconds: fold the deltas, evaluate the cases they came from. */
async function tick() {
  const { caseIds } = await foldRollup(env.ctx.db);
  await evaluateRisks(env.ctx, caseIds, env.ctx.clock.now());
}
async function risksOf(ref: string, who: Session = leader) {
  const res = await call(env, who, { method: "GET", url: `/api/v1/cases/${ref}/risks` });
  return res;
}
const rulesOf = async (ref: string) =>
  (await risksOf(ref)).json().items.map((i: { rule: string }) => i.rule) as string[];
const other = (n: number) => ({
  reporter: { name: "李四", phone: `1390000${String(n).padStart(4, "0")}` },
  parties: [],
});

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  leader = await login(env, { roles: ["leader"], region: tree.county });
  admin = await login(env, { roles: ["admin"], region: tree.county });
});

describe("risk warnings evaluated on every change", () => {
  it("the third case by the same caller within 30 days is a repeat complaint", async () => {
    const a = await create(tree.grid, { category: "labour" });
    await create(tree.grid, { category: "consumer" });
    await tick();
    expect(await rulesOf(a.code)).toEqual([]);
    const c = await create(tree.grid, { category: "medical" });
    await tick();
    expect(await rulesOf(c.code)).toEqual(["repeat"]);
    const res = await risksOf(c.code);
    expect(res.json().items[0].why.zh).toBe("同一反映人30日内反映3次");
  });

  it("risk words are found among the case's jieba tokens; five parties is a group dispute", async () => {
    const parties = Array.from({ length: 5 }, (_, i) => ({ role: "applicant", name: `工人${i}` }));
    const c = await create(tree.otherVillage, {
      ...other(1),
      parties,
      description: "五名工人讨薪无果，扬言要跳楼。",
    });
    await tick();
    expect(await rulesOf(c.code)).toEqual(["group", "words"]);
    const why = (await risksOf(c.code)).json().items.find((i: { rule: string }) => i.rule === "words").why.zh;
    expect(why).toContain("跳楼");
    // 高风险 turns the case red at once, and its timeline says why (DOMAIN §3).
    const detail = (await call(env, leader, { method: "GET", url: `/api/v1/cases/${c.code}` })).json();
    expect(detail.warning).toBe("red");
    // The system's reddening keeps the version: a cadre holding the case can still act on it.
    expect(detail.version).toBe(c.version);
    const flagged = detail.timeline.filter((e: { type: string }) => e.type === "case.risk_flagged");
    expect(flagged.map((e: { data: { rule: string } }) => e.data.rule).sort()).toEqual(["group", "words"]);
    // Evaluated again (the red change itself comes back through the fold): no second event.
    await tick();
    await tick();
    const again = (await call(env, leader, { method: "GET", url: `/api/v1/cases/${c.code}` })).json();
    expect(again.timeline.filter((e: { type: string }) => e.type === "case.risk_flagged")).toHaveLength(2);
  });

  it("a surge in a grid against its own baseline", async () => {
    let last = { code: "" };
    for (let i = 0; i < 5; i += 1) last = await create(tree.otherTownshipGrid, other(10 + i));
    await tick();
    expect(await rulesOf(last.code)).toContain("surge");
    // A surge is about the grid: it warns on the case without reddening it (rules' `red` list).
    const res = await call(env, leader, { method: "GET", url: `/api/v1/cases/${last.code}/risks` });
    expect(res.json().items.find((i: { rule: string }) => i.rule === "surge").red).toBe(false);
    const detail = (await call(env, leader, { method: "GET", url: `/api/v1/cases/${last.code}` })).json();
    // Five neighbour cases of one kind in one grid are ordinary work: not a repeat, nothing red.
    expect(detail.timeline.some((e: { type: string }) => e.type === "case.risk_flagged")).toBe(false);
    expect(detail.warning).not.toBe("red");
  });

  it("the third case of its kind from the same QR point within 30 days is a repeat", async () => {
    const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
    const spot = await createPlace(env, cadre, tree.otherGrid);
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const res = await submit(env, reportBody(spot.token));
      expect(res.statusCode, res.body).toBe(201);
      codes.push(res.json().code);
    }
    await tick();
    expect(await rulesOf(codes[1] as string)).toEqual([]);
    expect(await rulesOf(codes[2] as string)).toEqual(["repeat"]);
    expect((await risksOf(codes[2] as string)).json().items[0].why.zh).toBe("同一地点同类问题30日内3件");
  });

  it("the dashboard counts open cases per rule; a closed case keeps no warning", async () => {
    const d = (await call(env, leader, { method: "GET", url: "/api/v1/dashboard" })).json();
    // repeat: the caller's third case and the QR point's third; surge: the 5 cases of the busy grid.
    expect(d.risks.byRule).toMatchObject({ repeat: 2, group: 1, words: 1, surge: 5 });
    const risky = d.risks.cases.find((c: { why: { rule: string }[] }) =>
      c.why.some((w) => w.rule === "words"),
    );
    const township = await login(env, { roles: ["center_staff", "township_leader"], region: tree.township });
    const detail = (await call(env, township, { method: "GET", url: `/api/v1/cases/${risky.code}` })).json();
    const res = await call(env, township, {
      method: "POST",
      url: `/api/v1/cases/${risky.code}/commands`,
      payload: { type: "reject", reason: "不属受理范围", version: detail.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    await tick();
    expect(await rulesOf(risky.code)).toEqual([]);
  });

  it("rules are data: an administrator edits them (audited), others may not", async () => {
    const current = (await call(env, admin, { method: "GET", url: "/api/v1/risk/rules" })).json().rules;
    const forbidden = await call(env, leader, { method: "PUT", url: "/api/v1/risk/rules", payload: current });
    expect(forbidden.statusCode).toBe(403);
    const bad = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/risk/rules",
      payload: { ...current, group: { parties: 0 } },
    });
    expect(bad.statusCode).toBe(400);
    const ok = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/risk/rules",
      payload: { ...current, repeat: { days: 30, min: 10 }, surge: { ...current.surge, minCases: 50 } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = (await call(env, leader, { method: "GET", url: "/api/v1/dashboard" })).json();
    expect(d.risks.byRule.repeat).toBeUndefined();
    expect(d.risks.byRule.surge).toBeUndefined();
  });

  it("a neighbour's case's risks are not found", async () => {
    const c = await create(tree.otherTownshipGrid, other(99));
    const tl = await login(env, { roles: ["township_leader"], region: tree.township });
    expect((await risksOf(c.code, tl)).statusCode).toBe(404);
  });
});
