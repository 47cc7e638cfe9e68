// The field journey of issue 12 through the API alone, in the order the phone's outbox sends it after
// a day offline: photo → visit → 这是一件纠纷 → 立案 → accept → record the mediation → photos of the
// signed paper → resolve, each write carrying the version the previous answer gave (nothing read in
// between, as on the phone). The village cadre then sees the case settled at step 1 with the visit and
// its photos. Then a township 排查 campaign completed by its grid workers until it reads 100 %.
// The browser journey is e2e/field-journey.e2e.test.ts.
import { randomUUID } from "node:crypto";
import { percentDone } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { photoWithGps } from "./citizen-fixtures";
import { addHousehold, campaignBody, multipartFile, visitBody } from "./field-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let worker: Session;
let cadre: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
});

/** One queued write as the outbox sends it: its own Idempotency-Key. */
const send = (s: Session, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  call(env, s, {
    method: "POST",
    url: `/api/v1${url}`,
    payload: payload as Record<string, unknown>,
    headers: { "idempotency-key": randomUUID(), ...headers },
  });

const upload = async (s: Session, url: string) => {
  const m = multipartFile(await photoWithGps());
  return send(s, url, m.payload, m.headers);
};

describe("a grid worker's offline day, as the outbox delivers it", () => {
  it("visit → case → accept → mediation with signed paper → resolved at step 1; the cadre sees it all", async () => {
    const household = await addHousehold(env, worker, tree.grid);
    const photo = await upload(worker, "/field/photos");
    expect(photo.statusCode, photo.body).toBe(201);
    const visit = visitBody(tree.grid, { householdId: household.id, photoIds: [photo.json().id] });
    expect((await send(worker, "/field/visits", visit)).statusCode).toBe(201);

    const opened = await send(worker, `/field/visits/${visit.id}/case`, { category: "housing_homestead" });
    expect(opened.statusCode, opened.body).toBe(201);
    const { code, version } = opened.json() as { code: string; version: number };
    expect(version).toBeGreaterThan(0);

    const command = async (body: Record<string, unknown>) => {
      const res = await send(worker, `/cases/${code}/commands`, body);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { version: number; status: string; step: number };
    };
    let v = (await command({ type: "accept", version })).version;
    v = (
      await command({
        type: "recordMediation",
        version: v,
        success: true,
        summary: "双方确认以老界石为界，签字画押",
      })
    ).version;
    // Each photo of the signed paper answers the case's next version: the chain goes on without a read.
    for (let i = 0; i < 2; i++) {
      const up = await upload(worker, `/cases/${code}/attachments`);
      expect(up.statusCode, up.body).toBe(201);
      expect(up.json().version).toBe(v + 1);
      v = up.json().version;
    }
    const done = await command({ type: "resolve", version: v, summary: "宅基地界址纠纷当场化解" });
    expect(done).toMatchObject({ status: "resolved", step: 1 });

    // A replay of the opener (its answer lost on a weak line) answers the same case.
    const again = await send(worker, `/field/visits/${visit.id}/case`, { category: "housing_homestead" });
    expect(again.statusCode).toBe(200);
    expect(again.json().code).toBe(code);

    const c = (await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}` })).json();
    expect(c).toMatchObject({ status: "resolved", step: 1, settledStep: 1, channel: "grid" });
    const types = (c.timeline as { type: string }[]).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(["case.submitted", "case.from_visit"]);
    expect(types.filter((t) => t === "case.attachment_added")).toHaveLength(2);
    expect(types.indexOf("case.resolved")).toBe(types.length - 1);
    const files = await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}/attachments` });
    const ids = (files.json().items as { id: string }[]).map((a) => a.id);
    expect(ids).toHaveLength(3);
    expect(ids).toContain(photo.json().id);
  });
});

describe("a township 排查 campaign completed in the field", () => {
  it("reads 100 % for the township once every household of its grids has a result", async () => {
    const leader = await login(env, { roles: ["township_leader"], region: tree.township });
    const other = await login(env, { roles: ["grid_worker"], region: tree.otherGrid });
    const homes: [Session, string][] = [];
    for (let i = 0; i < 2; i++) homes.push([worker, (await addHousehold(env, worker, tree.grid)).id]);
    homes.push([other, (await addHousehold(env, other, tree.otherGrid)).id]);
    const created = await send(leader, "/field/campaigns", campaignBody(tree.village));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const progress = async () =>
      (await call(env, leader, { method: "GET", url: `/api/v1/field/campaigns/${id}/progress` })).json() as {
        done: number;
        total: number;
      };
    const first = await progress();
    expect(first.done).toBe(0);
    // The first journey's household is in the grid too.
    const doors = (await call(env, worker, { method: "GET", url: `/api/v1/field/campaigns/${id}` })).json()
      .households as { id: string }[];
    for (const h of doors) if (!homes.some(([, x]) => x === h.id)) homes.push([worker, h.id]);
    expect(first.total).toBe(homes.length);
    for (const [s, householdId] of homes) {
      const res = await send(s, `/field/campaigns/${id}/results`, {
        id: randomUUID(),
        householdId,
        answers: { conflict: false, violence: false },
        positive: false,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const last = await progress();
    expect(last).toMatchObject({ done: homes.length, total: homes.length });
    expect(percentDone(last.done, last.total)).toBe(100);
  });
});

describe("有事找警察: the resident officer's queue on the phone", () => {
  it("GET /field/today gives the village officer their 治安 cases; nobody else has a police queue", async () => {
    const police = await login(env, { roles: ["police"], region: tree.village });
    await env.ctx.db
      .insertInto("village_officers")
      .values({ village_code: tree.village, user_id: police.userId, set_by: null, set_at: new Date() })
      .execute();
    const hotline = await login(env, { roles: ["center_staff"], region: tree.county });
    const made = await call(env, hotline, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid, { category: "public_order", title: "深夜聚众喧哗" }),
    });
    expect(made.statusCode, made.body).toBe(201);
    const today = (await call(env, police, { method: "GET", url: "/api/v1/field/today" })).json();
    expect(today.police.map((c: { code: string }) => c.code)).toContain(made.json().code);
    const mine = (await call(env, worker, { method: "GET", url: "/api/v1/field/today" })).json();
    expect(mine.police).toBeUndefined();
  });
});
