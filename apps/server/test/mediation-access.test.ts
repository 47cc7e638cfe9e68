import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type TestEnv, type Tree, testEnv } from "./helpers";
import {
  acceptedCase,
  agreementBody,
  type MediationWorld,
  mediationWorld,
  wageCase,
} from "./mediation-fixtures";

// Role × jurisdiction for 多元调解, 调解协议书 and 司法确认: own region allowed, the neighbour township
// 404, a wrong role 403; a room's mediators and a court's clerk act beyond their own region.

let env: TestEnv;
let tree: Tree;
let w: MediationWorld;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  w = await mediationWorld(env, tree);
});

const panel = async (code: string, s = w.center) =>
  (await call(env, s, { method: "GET", url: `/api/v1/cases/${code}/mediation` })).json();

async function effectiveAgreement(code: string) {
  const h = await call(env, w.center, {
    method: "POST",
    url: `/api/v1/cases/${code}/mediation/handings`,
    payload: { roomId: w.roomId },
  });
  expect(h.statusCode).toBe(201);
  const a = await call(env, w.mediator, {
    method: "POST",
    url: `/api/v1/cases/${code}/agreements`,
    payload: agreementBody(),
  });
  const id = a.json().id as string;
  for (const party of [0, 1]) {
    const version = (await call(env, w.mediator, { method: "GET", url: `/api/v1/agreements/${id}` })).json()
      .version;
    await call(env, w.mediator, {
      method: "POST",
      url: `/api/v1/agreements/${id}/signatures`,
      payload: { party, signed: true, on: "2026-12-01", version },
    });
  }
  return id;
}

describe("who may act (role × jurisdiction)", () => {
  it.each([
    ["center staff of the neighbour township: 404", "otherTownship", ["center_staff"], 404],
    ["a leader in jurisdiction reads but may not hand over: 403", "county", ["leader"], 403],
    ["a grid worker of the case's grid may hand it over", "grid", ["grid_worker"], 201],
  ] as const)("%s", async (_n, level, roles, status) => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    const s = await login(env, { roles: [...roles], region: tree[level] });
    const r = await call(env, s, {
      method: "POST",
      url: `/api/v1/cases/${code}/mediation/handings`,
      payload: { roomId: w.roomId },
    });
    expect(r.statusCode).toBe(status);
  });

  it("a court's decisions: its clerk yes, another court's clerk 404, the room's mediator 403", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    const id = await effectiveAgreement(code);
    const jc = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/agreements/${id}/judicial-confirmation`,
      payload: { courtUnitId: w.courtId, jointly: true },
    });
    const jcId = jc.json().id;
    const other = await env.ctx.db
      .insertInto("units")
      .values({ kind: "court", name: "别的法庭", region_code: tree.county })
      .returning("id")
      .executeTakeFirstOrThrow();
    const otherClerk = await login(env, {
      roles: ["department_handler"],
      region: tree.county,
      unitId: other.id,
    });
    const url = `/api/v1/judicial-confirmations/${jcId}/acceptance`;
    expect(
      (await call(env, otherClerk, { method: "POST", url, payload: { accepted: true } })).statusCode,
    ).toBe(404);
    expect(
      (await call(env, w.mediator, { method: "POST", url, payload: { accepted: true } })).statusCode,
    ).toBe(403);
    expect((await call(env, w.clerk, { method: "POST", url, payload: { accepted: true } })).statusCode).toBe(
      200,
    );
    expect((await panel(code, w.clerk)).can).toEqual({ handle: false, decide: true });
    const list = async (who: typeof w.clerk) =>
      (await call(env, who, { method: "GET", url: "/api/v1/judicial-confirmations" })).json() as {
        caseCode: string;
      }[];
    expect((await list(w.clerk)).map((j) => j.caseCode)).toContain(code);
    expect((await list(w.center)).map((j) => j.caseCode)).toContain(code);
    expect(await list(otherClerk)).toEqual([]);
  });

  it("a room's board shows others only the cases of their own jurisdiction; a court's clerk sees no rooms", async () => {
    const code = await acceptedCase(env, w.center, wageCase(tree.grid));
    await call(env, w.center, {
      method: "POST",
      url: `/api/v1/cases/${code}/mediation/handings`,
      payload: { roomId: w.roomId },
    });
    const board = async (s: typeof w.center) =>
      (await call(env, s, { method: "GET", url: `/api/v1/mediation/rooms/${w.roomId}/board` }))
        .json()
        .cases.map((c: { code: string }) => c.code);
    expect(await board(w.mediator)).toContain(code);
    expect(await board(w.center)).toContain(code);
    const neighbourVillage = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    expect(await board(neighbourVillage)).not.toContain(code);
    const rooms = await call(env, w.clerk, { method: "GET", url: "/api/v1/mediation/rooms" });
    expect(rooms.json()).toEqual([]);
  });

  it("rooms are kept by the center in its own township only", async () => {
    const neighbour = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
    const r = await call(env, neighbour, {
      method: "POST",
      url: "/api/v1/mediation/rooms",
      payload: { kind: "room", name: "金融纠纷调解室", regionCode: tree.township },
    });
    expect(r.statusCode).toBe(404);
    const mediator = await call(env, w.mediator, {
      method: "POST",
      url: "/api/v1/mediation/rooms",
      payload: { kind: "room", name: "金融纠纷调解室", regionCode: tree.otherTownship },
    });
    expect(mediator.statusCode).toBe(403);
  });
});
