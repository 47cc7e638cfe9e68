import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let admin: Session;
let clerk: Session;

const square = (x: number, y: number) => ({
  type: "Polygon",
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.county });
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
});

const lastAudit = (action: string) =>
  env.ctx.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();

describe("regions admin", () => {
  it("renames a region and audits it; non-admins get 403, other counties 404", async () => {
    const res = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/regions/${tree.village}`,
      payload: { name: "红旗村" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: tree.village, name: "红旗村", hasGeojson: false });
    expect((await lastAudit("region.updated")).entity_id).toBe(tree.village);
    const denied = await call(env, clerk, {
      method: "PATCH",
      url: `/api/v1/regions/${tree.village}`,
      payload: { name: "x" },
    });
    expect(denied.statusCode).toBe(403);
    const townAdmin = await login(env, { roles: ["admin"], region: tree.otherTownship });
    const outside = await call(env, townAdmin, {
      method: "PATCH",
      url: `/api/v1/regions/${tree.village}`,
      payload: { name: "x" },
    });
    expect(outside.statusCode).toBe(404);
    expect(
      (await call(env, townAdmin, { method: "GET", url: `/api/v1/regions/${tree.village}` })).statusCode,
    ).toBe(404);
  });

  it("moves a village with its grids and cases under another township in one go", async () => {
    const created = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(`${tree.otherVillage}001`),
    });
    // 社情民意 heard in that grid keeps its region's path for jurisdiction too: it must move along.
    const gridWorker = await login(env, { roles: ["grid_worker"], region: `${tree.otherVillage}001` });
    const heard = await call(env, gridWorker, {
      method: "POST",
      url: "/api/v1/field/opinions",
      payload: {
        id: randomUUID(),
        gridCode: `${tree.otherVillage}001`,
        topic: "路灯",
        content: "村口路灯坏了三盏，晚上出行不便。",
      },
    });
    expect(heard.statusCode, heard.body).toBe(201);
    const wrongLevel = await call(env, admin, {
      method: "POST",
      url: `/api/v1/regions/${tree.otherVillage}/move`,
      payload: { parentCode: tree.county },
    });
    expect(wrongLevel.statusCode).toBe(400);
    const res = await call(env, admin, {
      method: "POST",
      url: `/api/v1/regions/${tree.otherVillage}/move`,
      payload: { parentCode: tree.otherTownship },
    });
    expect(res.statusCode, res.body).toBe(200);
    const newPath = res.json().path as string;
    expect(newPath.endsWith(`${tree.otherTownship}.${tree.otherVillage}`)).toBe(true);
    const grid = await env.ctx.db
      .selectFrom("regions")
      .select("path")
      .where("code", "=", `${tree.otherVillage}001`)
      .executeTakeFirstOrThrow();
    expect(grid.path).toBe(`${newPath}.${tree.otherVillage}001`);
    const c = await env.ctx.db
      .selectFrom("cases")
      .select("region_path")
      .where("id", "=", created.json().id)
      .executeTakeFirstOrThrow();
    expect(c.region_path).toBe(grid.path);
    const opinion = await env.ctx.db
      .selectFrom("field_opinions")
      .select("region_path")
      .where("id", "=", heard.json().id)
      .executeTakeFirstOrThrow();
    expect(opinion.region_path).toBe(grid.path);
    // The old township's leader no longer sees the case; the new one does.
    const oldLeader = await login(env, { roles: ["township_leader"], region: tree.township });
    const newLeader = await login(env, { roles: ["township_leader"], region: tree.otherTownship });
    const url = `/api/v1/cases/${created.json().id}`;
    expect((await call(env, oldLeader, { method: "GET", url })).statusCode).toBe(404);
    expect((await call(env, newLeader, { method: "GET", url })).statusCode).toBe(200);
    expect((await lastAudit("region.moved")).data).toMatchObject({ toParent: tree.otherTownship, cases: 1 });
  });

  it("stores a grid's boundary from a Feature and validates the geometry", async () => {
    const feature = { type: "Feature", properties: { note: "测绘" }, geometry: square(100.4, 38.9) };
    const res = await call(env, admin, {
      method: "PUT",
      url: `/api/v1/regions/${tree.grid}/geojson`,
      payload: feature,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hasGeojson).toBe(true);
    const open = {
      type: "Polygon",
      coordinates: [
        [
          [100, 38],
          [101, 38],
          [101, 39],
          [100, 39],
        ],
      ],
    };
    const bad = await call(env, admin, {
      method: "PUT",
      url: `/api/v1/regions/${tree.grid}/geojson`,
      payload: open,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("INVALID_INPUT");
    const collection = {
      type: "FeatureCollection",
      features: [{ ...feature, geometry: square(100.3, 38.9) }],
    };
    const fromCollection = await call(env, admin, {
      method: "PUT",
      url: `/api/v1/regions/${tree.grid}/geojson`,
      payload: collection,
    });
    expect(fromCollection.statusCode, fromCollection.body).toBe(200);
    await call(env, admin, { method: "PUT", url: `/api/v1/regions/${tree.grid}/geojson`, payload: feature });
    const map = (
      await call(env, admin, { method: "GET", url: `/api/v1/regions/${tree.village}/map` })
    ).json();
    expect(map.features).toEqual([
      {
        type: "Feature",
        properties: expect.objectContaining({ code: tree.grid }),
        geometry: square(100.4, 38.9),
      },
    ]);
  });

  it("imports grid boundaries from a FeatureCollection and reports what did not match", async () => {
    const fc = {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: { code: tree.otherGrid }, geometry: square(100.5, 38.9) },
        { type: "Feature", properties: { code: tree.village }, geometry: square(100.6, 38.9) },
        { type: "Feature", properties: { code: "999999999999999" }, geometry: square(100.7, 38.9) },
        { type: "Feature", properties: {}, geometry: square(100.8, 38.9) },
      ],
    };
    const res = await call(env, admin, {
      method: "POST",
      url: "/api/v1/regions/import-geojson",
      payload: fc,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().matched).toEqual([tree.otherGrid]);
    expect(res.json().unmatched).toEqual(expect.arrayContaining([null, tree.village, "999999999999999"]));
    const detail = (
      await call(env, admin, { method: "GET", url: `/api/v1/regions/${tree.otherGrid}` })
    ).json();
    expect(detail).toMatchObject({ level: "grid", hasGeojson: true });
    expect((await lastAudit("region.geojson_imported")).data).toMatchObject({ matched: [tree.otherGrid] });
  });
});

describe("units admin", () => {
  it("creates and edits a unit, audited; refuses non-admins and bad kinds", async () => {
    const payload = {
      kind: "police_station",
      name: "城关派出所",
      regionCode: tree.township,
      stationing: "resident",
    };
    const res = await call(env, admin, { method: "POST", url: "/api/v1/units", payload });
    expect(res.statusCode, res.body).toBe(201);
    const unit = res.json();
    expect(unit).toMatchObject({ kind: "police_station", regionCode: tree.township, stationing: "resident" });
    const patched = await call(env, admin, {
      method: "PATCH",
      url: `/api/v1/units/${unit.id}`,
      payload: { name: "城关派出所（驻村）", stationing: null },
    });
    expect(patched.json()).toMatchObject({
      name: "城关派出所（驻村）",
      stationing: null,
      kind: "police_station",
    });
    expect((await lastAudit("unit.updated")).entity_id).toBe(unit.id);
    const bad = await call(env, admin, {
      method: "POST",
      url: "/api/v1/units",
      payload: { ...payload, kind: "bank" },
    });
    expect(bad.statusCode).toBe(400);
    expect((await call(env, clerk, { method: "POST", url: "/api/v1/units", payload })).statusCode).toBe(403);
    const townAdmin = await login(env, { roles: ["admin"], region: tree.otherTownship });
    const outside = await call(env, townAdmin, {
      method: "PATCH",
      url: `/api/v1/units/${unit.id}`,
      payload: { name: "x" },
    });
    expect(outside.statusCode).toBe(404);
  });
});
