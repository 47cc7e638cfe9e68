import { beforeAll, describe, expect, it } from "vitest";
import { createPlace, freshIp, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let town: Session;
let token: string;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  town = await login(env, { roles: ["township_leader"], region: tree.township });
  const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

describe("事件类 and 矛盾纠纷类 categories", () => {
  it("lists the QR page's categories with their family, 事件类 first", async () => {
    const res = await env.app.inject({
      method: "GET",
      url: `/api/public/places/${token}`,
      headers: { "x-forwarded-for": freshIp() },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.families).toEqual([
      { code: "incident", name: "事件类" },
      { code: "dispute", name: "矛盾纠纷类" },
    ]);
    const cats = body.categories as { code: string; family: string; name: string }[];
    expect(cats[0]).toMatchObject({ family: "incident" });
    expect(cats.find((c) => c.code === "sanitation")).toEqual({
      code: "sanitation",
      family: "incident",
      name: "环境卫生",
    });
    expect(cats.find((c) => c.code === "neighbour")).toMatchObject({ family: "dispute" });
  });

  it("accepts a 事件类 category from the QR door and the staff 登记 form", async () => {
    const qr = await submit(
      env,
      reportBody(token, { category: "road_facilities", description: "村口路面有个大坑" }),
    );
    expect(qr.statusCode, qr.body).toBe(201);
    const staff = await call(env, town, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid, { category: "sanitation", title: "垃圾无人清运" }),
    });
    expect(staff.statusCode, staff.body).toBe(201);
    expect(staff.json().category).toBe("sanitation");
    const bad = await call(env, town, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid, { category: "potholes" }),
    });
    expect(bad.statusCode).toBe(400);
  });

  it("keeps the families apart in GET /stats/summary", async () => {
    await call(env, town, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) });
    const res = await call(env, town, { method: "GET", url: "/api/v1/stats/summary" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.byFamily).toEqual([
      expect.objectContaining({ family: "incident", name: "事件类", total: 2, open: 2 }),
      expect.objectContaining({ family: "dispute", name: "矛盾纠纷类", total: 1, open: 1 }),
    ]);
    expect(body.total.total).toBe(3);
  });
});
