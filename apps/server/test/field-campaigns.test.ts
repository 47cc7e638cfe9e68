import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { addHousehold, campaignBody } from "./field-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let leader: Session;
let worker: Session;
let neighbourWorker: Session;
let campaignId: string;
const mine: string[] = [];
const theirs: string[] = [];

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  leader = await login(env, { roles: ["township_leader"], region: tree.township });
  worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
  neighbourWorker = await login(env, { roles: ["grid_worker"], region: tree.otherGrid });
  for (let i = 0; i < 3; i++) mine.push((await addHousehold(env, worker, tree.grid)).id);
  theirs.push((await addHousehold(env, neighbourWorker, tree.otherGrid)).id);
  const res = await call(env, leader, {
    method: "POST",
    url: "/api/v1/field/campaigns",
    payload: campaignBody(tree.township),
  });
  expect(res.statusCode, res.body).toBe(201);
  campaignId = res.json().id;
});

const result = (s: Session, body: Record<string, unknown>) =>
  call(env, s, { method: "POST", url: `/api/v1/field/campaigns/${campaignId}/results`, payload: body });

describe("排查 campaigns", () => {
  it("only the township (leader or center staff) creates one, in its own jurisdiction", async () => {
    const byWorker = await call(env, worker, {
      method: "POST",
      url: "/api/v1/field/campaigns",
      payload: campaignBody(tree.grid),
    });
    expect(byWorker.statusCode).toBe(403);
    const elsewhere = await call(env, leader, {
      method: "POST",
      url: "/api/v1/field/campaigns",
      payload: campaignBody(tree.otherTownship),
    });
    expect(elsewhere.statusCode).toBe(404);
    const backwards = await call(env, leader, {
      method: "POST",
      url: "/api/v1/field/campaigns",
      payload: campaignBody(tree.township, { dueAt: "2026-10-01T00:00:00+08:00" }),
    });
    expect(backwards.statusCode).toBe(400);
    const staff = await login(env, { roles: ["center_staff"], region: tree.township });
    const id = randomUUID();
    const body = campaignBody(tree.village, { id, title: "欠薪排查", kind: "wage_arrears" });
    const ok = await call(env, staff, { method: "POST", url: "/api/v1/field/campaigns", payload: body });
    expect(ok.statusCode, ok.body).toBe(201);
    const again = await call(env, staff, { method: "POST", url: "/api/v1/field/campaigns", payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
  });

  it("the grid worker sees it with the households of their own grid only", async () => {
    const list = await call(env, worker, { method: "GET", url: "/api/v1/field/campaigns" });
    const due = list.json().items.find((c: { id: string }) => c.id === campaignId);
    expect(due).toMatchObject({ title: "婚恋家庭纠纷排查", kind: "marriage_family", done: 0, total: 3 });
    const detail = await call(env, worker, { method: "GET", url: `/api/v1/field/campaigns/${campaignId}` });
    const ids = detail.json().households.map((h: { id: string }) => h.id);
    expect(ids.sort()).toEqual([...mine].sort());
    expect(detail.json().checklist).toHaveLength(2);
  });

  it("records results once per client id; answers outside the checklist and other grids' households are refused", async () => {
    const body = {
      id: randomUUID(),
      householdId: mine[0],
      answers: { conflict: true },
      positive: true,
      note: "夫妻长期争吵",
    };
    const first = await result(worker, body);
    expect(first.statusCode, first.body).toBe(201);
    const again = await result(worker, body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const unknown = await result(worker, {
      id: randomUUID(),
      householdId: mine[1],
      answers: { x: true },
      positive: false,
    });
    expect(unknown.statusCode).toBe(400);
    const other = await result(worker, {
      id: randomUUID(),
      householdId: theirs[0],
      answers: {},
      positive: false,
    });
    expect(other.statusCode).toBe(404);
    expect(
      (
        await result(worker, {
          id: randomUUID(),
          householdId: mine[1],
          answers: { conflict: false },
          positive: false,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await result(neighbourWorker, {
          id: randomUUID(),
          householdId: theirs[0],
          answers: {},
          positive: false,
        })
      ).statusCode,
    ).toBe(201);
    // A place is screened in the grid it lies in.
    const place = await result(worker, {
      id: randomUUID(),
      place: "村口小卖部",
      answers: {},
      positive: false,
    });
    expect(place.statusCode).toBe(400);
  });

  it("progress rolls up for the township by village: 3 of 4 households done, 1 positive", async () => {
    const res = await call(env, leader, {
      method: "GET",
      url: `/api/v1/field/campaigns/${campaignId}/progress`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ total: 4, done: 3, positive: 1 });
    expect(p.byRegion.find((r: { code: string }) => r.code === tree.village)).toMatchObject({
      total: 4,
      done: 3,
      positive: 1,
    });
    expect(p.byRegion.find((r: { code: string }) => r.code === tree.otherVillage)).toMatchObject({
      total: 0,
      done: 0,
    });
    const mineOnly = await call(env, worker, {
      method: "GET",
      url: `/api/v1/field/campaigns/${campaignId}/progress`,
    });
    expect(mineOnly.json()).toMatchObject({ total: 3, done: 2, positive: 1 });
    const outsider = await login(env, { roles: ["township_leader"], region: tree.otherTownship });
    expect(
      (await call(env, outsider, { method: "GET", url: `/api/v1/field/campaigns/${campaignId}/progress` }))
        .statusCode,
    ).toBe(404);
    const dept = await login(env, { roles: ["department_handler"], region: tree.county });
    expect((await call(env, dept, { method: "GET", url: "/api/v1/field/campaigns" })).statusCode).toBe(403);
  });

  it("a positive finding becomes a case at step 1 in one tap; the second tap answers the same code", async () => {
    const body = {
      id: randomUUID(),
      householdId: mine[2],
      answers: { violence: true },
      positive: true,
      note: "邻居反映有家暴迹象",
    };
    expect((await result(worker, body)).statusCode).toBe(201);
    const url = `/api/v1/field/campaign-results/${body.id}/case`;
    const res = await call(env, worker, { method: "POST", url, payload: { category: "marriage_family" } });
    expect(res.statusCode, res.body).toBe(201);
    const again = await call(env, worker, { method: "POST", url, payload: { category: "marriage_family" } });
    expect(again.statusCode).toBe(200);
    expect(again.json().code).toBe(res.json().code);
    const c = (await call(env, worker, { method: "GET", url: `/api/v1/cases/${res.json().code}` })).json();
    expect(c).toMatchObject({ step: 1, channel: "grid", regionCode: tree.grid });
    const ev = c.timeline.find((e: { type: string }) => e.type === "case.from_screening");
    expect(ev.data).toMatchObject({ campaign: "婚恋家庭纠纷排查", sourceId: body.id });
  });
});
