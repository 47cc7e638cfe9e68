import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { photoWithGps } from "./citizen-fixtures";
import { addHousehold, addVisit, multipartFile, visitBody } from "./field-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let worker: Session;
let cadre: Session;
let household: { id: string; address: string };

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  household = await addHousehold(env, worker, tree.grid);
});

const uploadPhoto = (s: Session, file: Buffer, key?: string) => {
  const m = multipartFile(file);
  return call(env, s, {
    method: "POST",
    url: "/api/v1/field/photos",
    payload: m.payload,
    headers: { ...m.headers, ...(key ? { "idempotency-key": key } : {}) },
  });
};

describe("photos", () => {
  it("stores a photo without its EXIF (GPS), shrunk to 1600 px; a replay of its key answers the same id", async () => {
    const key = `ph-${randomUUID()}`;
    const res = await uploadPhoto(worker, await photoWithGps(), key);
    expect(res.statusCode, res.body).toBe(201);
    const { id, url } = res.json();
    expect(url).toBe(`/api/v1/field/photos/${id}`);
    const again = await uploadPhoto(worker, await photoWithGps(), key);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(id);
    const img = await call(env, worker, { method: "GET", url });
    expect(img.statusCode).toBe(200);
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);
  });

  it("refuses a non-image and someone else's photo id", async () => {
    expect((await uploadPhoto(worker, Buffer.from("not an image"))).statusCode).toBe(400);
    const other = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const mine = (await uploadPhoto(worker, await photoWithGps())).json().id;
    const res = await call(env, other, {
      method: "POST",
      url: "/api/v1/field/visits",
      payload: visitBody(tree.grid, { photoIds: [mine] }),
    });
    expect(res.statusCode).toBe(400);
  });
});

describe("入户走访 visits", () => {
  it("logs a visit with a photo and a location; the replay answers 200 with the same visit", async () => {
    const photo = (await uploadPhoto(worker, await photoWithGps())).json().id;
    const body = visitBody(tree.grid, {
      householdId: household.id,
      photoIds: [photo],
      location: { lat: 36.05, lng: 103.83, accuracy: 20 },
    });
    const first = await call(env, worker, { method: "POST", url: "/api/v1/field/visits", payload: body });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      id: body.id,
      householdId: household.id,
      householdAddress: household.address,
      gridCode: tree.grid,
      photos: [{ id: photo }],
      location: { lat: 36.05, lng: 103.83, accuracy: 20 },
      caseCode: null,
      by: { id: worker.userId },
    });
    const again = await call(env, worker, { method: "POST", url: "/api/v1/field/visits", payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const changed = await call(env, worker, {
      method: "POST",
      url: "/api/v1/field/visits",
      payload: { ...body, findings: "别的内容" },
    });
    expect(changed.statusCode).toBe(409);
    // The village cadre sees the visit, and so does the household's page.
    const list = await call(env, cadre, {
      method: "GET",
      url: `/api/v1/field/visits?householdId=${household.id}`,
    });
    expect(list.json().items.map((v: { id: string }) => v.id)).toContain(body.id);
  });

  it("a visit in the next grid is refused (404), and nothing is written", async () => {
    const body = visitBody(tree.otherGrid);
    const res = await call(env, worker, { method: "POST", url: "/api/v1/field/visits", payload: body });
    expect(res.statusCode).toBe(404);
    const row = await env.ctx.db
      .selectFrom("visits")
      .select("id")
      .where("id", "=", body.id)
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it("turns a visit into a case at step 1 in its grid (channel grid), household linked, the event on its timeline; replay → same code", async () => {
    const photo = (await uploadPhoto(worker, await photoWithGps())).json().id;
    const v = await addVisit(env, worker, tree.grid, { householdId: household.id, photoIds: [photo] });
    const url = `/api/v1/field/visits/${v.id}/case`;
    const res = await call(env, worker, { method: "POST", url, payload: { category: "housing_homestead" } });
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().code;
    const again = await call(env, worker, {
      method: "POST",
      url,
      payload: { category: "housing_homestead" },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().code).toBe(code);

    const detail = await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}` });
    expect(detail.statusCode).toBe(200);
    const c = detail.json();
    expect(c).toMatchObject({
      step: 1,
      channel: "grid",
      category: "housing_homestead",
      regionCode: tree.grid,
    });
    expect(c.title).toContain(household.address);
    const event = c.timeline.find((e: { type: string }) => e.type === "case.from_visit");
    expect(event.data).toMatchObject({
      sourceId: v.id,
      address: household.address,
      visitedAt: "2026-12-01 10:30",
    });
    const row = await env.ctx.db
      .selectFrom("cases")
      .select(["id", "household_id", "description"])
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    expect(row.household_id).toBe(household.id);
    expect(row.description).toContain("宅基地");
    const photos = await env.ctx.db
      .selectFrom("attachments")
      .select("case_id")
      .where("id", "=", photo)
      .execute();
    expect(photos[0]?.case_id).toBe(row.id);
    const h = await call(env, worker, { method: "GET", url: `/api/v1/field/households/${household.id}` });
    expect(h.json().cases.map((x: { code: string }) => x.code)).toContain(code);
    expect(h.json().visits.find((x: { id: string }) => x.id === v.id).caseCode).toBe(code);
    const n = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("household_id", "=", household.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it("two racing conversions of one visit make one case", async () => {
    const v = await addVisit(env, worker, tree.grid);
    const url = `/api/v1/field/visits/${v.id}/case`;
    const [a, b] = await Promise.all([
      call(env, worker, { method: "POST", url, payload: { category: "neighbour" } }),
      call(env, worker, { method: "POST", url, payload: { category: "neighbour" } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().code).toBe(b.json().code);
  });
});

describe("社情民意 and today", () => {
  it("records an opinion once (replay 200), lists it for the village, never as a case", async () => {
    const body = {
      id: randomUUID(),
      gridCode: tree.grid,
      topic: "道路",
      content: "村道坑洼，雨天难行，建议硬化。",
    };
    const casesBefore = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const first = await call(env, worker, { method: "POST", url: "/api/v1/field/opinions", payload: body });
    expect(first.statusCode, first.body).toBe(201);
    const again = await call(env, worker, { method: "POST", url: "/api/v1/field/opinions", payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const list = await call(env, cadre, {
      method: "GET",
      url: `/api/v1/field/opinions?region=${tree.village}`,
    });
    expect(list.json().items.filter((o: { id: string }) => o.id === body.id)).toHaveLength(1);
    const casesAfter = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(casesAfter.n).toBe(casesBefore.n);
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    const none = await call(env, outsider, { method: "GET", url: "/api/v1/field/opinions" });
    expect(none.json().items.map((o: { id: string }) => o.id)).not.toContain(body.id);
  });

  it("today lists my grid, its open cases with their due time, planned visits and campaigns", async () => {
    const planned = await addVisit(env, worker, tree.grid, { visitedAt: "2099-01-01T09:00:00+08:00" });
    const res = await call(env, worker, { method: "GET", url: "/api/v1/field/today" });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t.grids).toEqual([{ code: tree.grid, name: `grid-${tree.grid}` }]);
    expect(t.cases.length).toBeGreaterThan(0);
    expect(t.cases[0].stepDueAt).toBeTruthy();
    expect(t.visitsPlanned.map((v: { id: string }) => v.id)).toEqual([planned.id]);
    expect(t.campaigns).toEqual([]);
    const dept = await login(env, { roles: ["department_handler"], region: tree.county });
    expect((await call(env, dept, { method: "GET", url: "/api/v1/field/today" })).statusCode).toBe(403);
  });
});
