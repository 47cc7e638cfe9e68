import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// 有事找书记，有事找警察: the administrator names a village's resident officer; 治安 cases in the village
// reach them on arrival; the contact card puts 书记 and 驻村民警 side by side; who may see and set what.

let env: TestEnv;
let tree: Tree;
let admin: Session;
let cadre: Session;
let police: Session;
let otherPolice: Session;
let handler: Session;

async function unit(kind: string, name: string, region: string) {
  const u = await env.ctx.db
    .insertInto("units")
    .values({ kind, name, region_code: region })
    .returning("id")
    .executeTakeFirstOrThrow();
  return u.id;
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  const station = await unit("police_station", "派出所", tree.township);
  const hrss = await unit("department", "人社局", tree.county);
  admin = await login(env, { roles: ["admin"], region: tree.county });
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  // Both officers belong to the same station: the case must not reach the other through the unit.
  police = await login(env, { roles: ["police"], region: tree.village, unitId: station });
  otherPolice = await login(env, { roles: ["police"], region: tree.otherVillage, unitId: station });
  handler = await login(env, { roles: ["department_handler"], region: tree.county, unitId: hrss });
  for (const [who, title, phone] of [
    [cadre, "党支部书记", "0936-7654321"],
    [police, "驻村民警", "0936-1234567"],
  ] as const)
    await call(env, admin, {
      method: "PUT",
      url: `/api/v1/contact-cards/members/${who.userId}`,
      payload: { workPhone: phone, workTitle: title },
    });
});

const setOfficer = (who: Session, village: string, userId: string | null) =>
  call(env, who, { method: "PUT", url: `/api/v1/villages/${village}/officer`, payload: { userId } });

async function newCase(category: string) {
  const res = await call(env, cadre, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid, { category, title: "村口有人酒后滋事" }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; code: string };
}

const detail = (who: Session, ref: string) => call(env, who, { method: "GET", url: `/api/v1/cases/${ref}` });

describe("naming the resident officer", () => {
  it.each([
    ["a department handler", () => handler, 403],
    ["a village cadre", () => cadre, 403],
  ])("%s may not name one: %i", async (_who, who, status) => {
    expect((await setOfficer(who(), tree.village, police.userId)).statusCode).toBe(status);
  });

  it("refuses an officer whose region does not hold the village, and a non-police user", async () => {
    const far = await setOfficer(admin, tree.village, otherPolice.userId);
    expect(far.statusCode).toBe(400);
    expect(far.json().message).toContain("辖区");
    expect((await setOfficer(admin, tree.village, cadre.userId)).statusCode).toBe(400);
    expect((await setOfficer(admin, tree.grid, police.userId)).statusCode).toBe(400);
  });

  it("the administrator names and lists them", async () => {
    expect((await setOfficer(admin, tree.village, police.userId)).statusCode).toBe(200);
    expect((await setOfficer(admin, tree.otherVillage, otherPolice.userId)).statusCode).toBe(200);
    const list = await call(env, admin, {
      method: "GET",
      url: `/api/v1/village-officers?region=${tree.township}`,
    });
    const v = list.json().villages.find((x: { code: string }) => x.code === tree.village);
    expect(v.officer).toMatchObject({ userId: police.userId, workPhone: "0936-1234567" });
    expect(list.json().candidates.map((c: { userId: string }) => c.userId)).toContain(police.userId);
  });
});

describe("治安 cases route to the village's officer", () => {
  it("a public-order case is assigned to the officer, says why, and is in their queue and workbench", async () => {
    const c = await newCase("public_order");
    const d = (await detail(police, c.id)).json();
    expect(d.assigneeId).toBe(police.userId);
    const routed = d.timeline.find((e: { type: string }) => e.type === "police.routed");
    expect(routed.data).toMatchObject({ officer: expect.any(String), category: "public_order" });
    const queue = await call(env, police, { method: "GET", url: "/api/v1/police/queue" });
    expect(queue.json().items.map((i: { id: string }) => i.id)).toContain(c.id);
    const wb = await call(env, police, { method: "GET", url: "/api/v1/workbench" });
    expect(wb.json().queue.map((i: { id: string }) => i.id)).toContain(c.id);
  });

  it("a neighbour dispute is not the officer's", async () => {
    const c = await newCase("neighbour");
    expect((await detail(cadre, c.id)).json().assigneeId).toBeNull();
    const queue = await call(env, police, { method: "GET", url: "/api/v1/police/queue" });
    expect(queue.json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });

  it("the officer of another village (same station) cannot see it: 404; a handler has no police queue: 403", async () => {
    const c = await newCase("traffic");
    expect((await detail(police, c.id)).statusCode).toBe(200);
    expect((await detail(otherPolice, c.id)).statusCode).toBe(404);
    expect((await detail(handler, c.id)).statusCode).toBe(404);
    expect((await call(env, handler, { method: "GET", url: "/api/v1/police/queue" })).statusCode).toBe(403);
    const theirs = await call(env, otherPolice, { method: "GET", url: "/api/v1/police/queue" });
    expect(theirs.json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });

  it("a walk-in 治安 case at the center's window is routed too, and every event chain stays whole", async () => {
    const clerk = await login(env, { roles: ["center_staff"], region: tree.township });
    const { channel: _c, ...c } = sampleCase(tree.grid);
    const res = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/window/intake",
      payload: {
        center: tree.township,
        case: { ...c, category: "traffic", title: "电动车与行人相撞" },
        services: ["mediation"],
        serviceFields: { mediation: { otherParty: "李四", amount: 3000 } },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = (await detail(police, res.json().case.code)).json();
    expect(d.assigneeId).toBe(police.userId);
    const types = d.timeline.map((e: { type: string }) => e.type);
    expect(types).toContain("police.routed");
    expect(types).toContain("window.received");
    const verify = await call(env, admin, { method: "GET", url: "/api/v1/admin/audit/verify" });
    expect(verify.json()).toMatchObject({ ok: true, firstBroken: null });
  });

  it("once the officer is cleared, new 治安 cases stay unassigned", async () => {
    expect((await setOfficer(admin, tree.village, null)).statusCode).toBe(200);
    const c = await newCase("public_order");
    expect((await detail(cadre, c.id)).json().assigneeId).toBeNull();
    expect((await setOfficer(admin, tree.village, police.userId)).statusCode).toBe(200);
  });
});

describe("便民联系卡: 书记 and 驻村民警 side by side", () => {
  it("the public card and the printed sheet show both with their phones", async () => {
    const res = await env.app.inject({ method: "GET", url: `/api/public/villages/${tree.village}/card` });
    expect(res.statusCode).toBe(200);
    expect(res.json().pair).toMatchObject({
      secretary: { title: "党支部书记", workPhone: "0936-7654321" },
      officer: { title: "驻村民警", workPhone: "0936-1234567", police: true },
    });
    const sheet = await call(env, cadre, {
      method: "GET",
      url: `/api/v1/villages/${tree.village}/cards/print?copies=1`,
    });
    expect(sheet.body).toMatch(
      /<div class="pair"><div>书记 .*☎ 0936-7654321<\/div><div>驻村民警 .*☎ 0936-1234567/,
    );
  });

  it("an officer of the township's station named for a village appears on its card", async () => {
    const stationOfficer = await login(env, { roles: ["police"], region: tree.township });
    expect((await setOfficer(admin, tree.otherVillage, stationOfficer.userId)).statusCode).toBe(200);
    const res = await env.app.inject({
      method: "GET",
      url: `/api/public/villages/${tree.otherVillage}/card`,
    });
    expect(res.json().pair.officer).toMatchObject({ police: true, title: "驻村民警" });
  });
});
