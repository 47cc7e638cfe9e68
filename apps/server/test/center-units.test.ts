import { localDate } from "@fengqiao/core";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// Stationed units at a center (常驻, 轮驻 with its roster, 随叫随驻), the "today at the center" board,
// and the 随叫随驻 summons with its acknowledgement clock run by the sweep.

const HOUR = 3600_000;
let env: TestEnv;
let tree: Tree;
let clerk: Session;
let handler: Session;
const units: Record<string, string> = {};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
  for (const [key, kind, name, stationing] of [
    ["resident", "justice_office", "司法所", "resident"],
    ["rotating", "department", "县人社局", "rotating"],
    ["onCall", "department", "县自然资源局", "on_call"],
    ["elsewhere", "department", "邻镇住建", "on_call"],
    ["county", "department", "县住建局", "on_call"],
  ] as const) {
    const u = await env.ctx.db
      .insertInto("units")
      .values({
        kind,
        name,
        stationing,
        region_code: { elsewhere: tree.otherTownship, county: tree.county }[key as string] ?? tree.township,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    units[key] = u.id;
  }
  handler = await login(env, { roles: ["department_handler"], region: tree.county, unitId: units.onCall });
  await env.ctx.db
    .updateTable("users")
    .set({ work_phone: "0936-1234567", work_title: "值班员" })
    .where("id", "=", handler.userId)
    .execute();
});

const post = (url: string, payload: object, who: Session = clerk) =>
  call(env, who, { method: "POST", url: `/api/v1${url}`, payload });
const get = (url: string, who: Session = clerk) => call(env, who, { method: "GET", url: `/api/v1${url}` });
const today = () => localDate(env.ctx.clock.now());

describe("轮驻 roster and today's board", () => {
  it("adds and removes roster days; the board shows resident, today's rotating and on-call units with contacts", async () => {
    const d = today();
    const add = await post("/centers/roster", { unitId: units.rotating, add: [d, "2027-01-04"] });
    expect(add.statusCode, add.body).toBe(200);
    const roster = (await get(`/centers/roster?center=${tree.township}&from=${d}&to=2027-01-31`)).json();
    expect(roster.days).toEqual([
      { day: d, unitId: units.rotating },
      { day: "2027-01-04", unitId: units.rotating },
    ]);
    const board = (await get(`/centers/today?center=${tree.township}`)).json();
    expect(board.resident.map((u: { name: string }) => u.name)).toEqual(["司法所"]);
    expect(board.rotating.map((u: { name: string }) => u.name)).toEqual(["县人社局"]);
    expect(board.onCall[0]).toMatchObject({
      name: "县自然资源局",
      contacts: [expect.objectContaining({ title: "值班员", phone: "0936-1234567" })],
    });
    await post("/centers/roster", { unitId: units.rotating, remove: [d] });
    expect((await get(`/centers/today?center=${tree.township}`)).json().rotating).toEqual([]);
  });

  it("only rotating units have a roster; a range over 92 days is refused", async () => {
    expect((await post("/centers/roster", { unitId: units.resident, add: [today()] })).statusCode).toBe(400);
    expect(
      (await get(`/centers/roster?center=${tree.township}&from=2026-01-01&to=2026-12-31`)).statusCode,
    ).toBe(400);
  });
});

describe("随叫随驻 summons", () => {
  const newCase = async () => (await post("/cases", sampleCase(tree.grid))).json();
  const summon = (ref: string, unitId = units.onCall) =>
    post(`/cases/${ref}/summons`, {
      unitId,
      reason: "宅基地边界需自然资源部门现场确认",
      place: "综治中心二号调解室",
      appearBy: new Date(env.ctx.clock.now().getTime() + 4 * HOUR).toISOString(),
    });

  it("the unit acknowledges within 2 hours and appears; the case's timeline says each step", async () => {
    const c = await newCase();
    const s = await summon(c.id);
    expect(s.statusCode, s.body).toBe(201);
    expect(Date.parse(s.json().ackDueAt) - Date.parse(s.json().createdAt)).toBe(2 * HOUR);
    const mine = (await get("/summons?mine=1", handler)).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(s.json().id);
    const ack = await post(`/summons/${s.json().id}/acknowledge`, { note: "半小时到" }, handler);
    expect(ack.json()).toMatchObject({ status: "acknowledged", late: false });
    const came = await post(`/summons/${s.json().id}/appeared`, {}, clerk);
    expect(came.json().status).toBe("appeared");
    await env.ctx.clock.advance(3 * HOUR);
    await sweepClocks(env.ctx);
    const detail = (await get(`/cases/${c.id}`)).json();
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(["summons.issued", "summons.acknowledged", "summons.appeared"]),
    );
    expect(detail.warning).not.toBe("red");
  });

  it("a missed acknowledgement: an event, notices to the center and the unit's leadership, and the case turns red", async () => {
    const c = await newCase();
    const s = (await summon(c.id)).json();
    await env.ctx.clock.advance(2 * HOUR + 60_000);
    await sweepClocks(env.ctx);
    await sweepClocks(env.ctx); // a rerun changes nothing
    const detail = (await get(`/cases/${c.id}`)).json();
    expect(detail.warning).toBe("red");
    expect(detail.timeline.filter((e: { type: string }) => e.type === "summons.ack_missed")).toHaveLength(1);
    const notices = await env.ctx.db
      .selectFrom("outbox")
      .select("topic")
      .where("topic", "like", "summons.ack_missed%")
      .where(sql<boolean>`payload->>'summonsId' = ${s.id}`)
      .execute();
    expect(notices.map((n) => n.topic).sort()).toEqual([
      "summons.ack_missed",
      "summons.ack_missed.unit_leadership",
    ]);
    const late = await post(`/summons/${s.id}/acknowledge`, {}, handler);
    expect(late.json()).toMatchObject({ status: "acknowledged", late: true });
  });

  it("the acknowledgement time is data: an administrator sets PT30M", async () => {
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const current = (await get("/center-settings", admin)).json();
    const put = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/center-settings",
      payload: { clocks: { ...current.clocks, summonsAck: "PT30M" }, routes: current.routes },
    });
    expect(put.statusCode, put.body).toBe(200);
    const s = (await summon((await newCase()).id)).json();
    expect(Date.parse(s.ackDueAt) - Date.parse(s.createdAt)).toBe(30 * 60_000);
    const bad = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/center-settings",
      payload: { clocks: { ...current.clocks, summonsAck: "P1M" }, routes: {} },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await call(env, clerk, { method: "PUT", url: "/api/v1/center-settings", payload: current }))
        .statusCode,
    ).toBe(403);
  });

  it("only units stationed at the case's center can be summoned; a finished summons cannot be answered again", async () => {
    const c = await newCase();
    expect((await summon(c.id, units.elsewhere)).statusCode).toBe(400);
    const s = (await summon(c.id)).json();
    expect((await post(`/summons/${s.id}/cancel`, { reason: "当事人已和解" })).json().status).toBe(
      "cancelled",
    );
    expect((await post(`/summons/${s.id}/acknowledge`, {}, handler)).statusCode).toBe(409);
  });

  it("a county department stationed a level up can be summoned; the township center's list shows it", async () => {
    const c = await newCase();
    const s = await summon(c.id, units.county);
    expect(s.statusCode, s.body).toBe(201);
    const list = (await get(`/summons?center=${tree.township}`)).json().items;
    expect(list.map((x: { id: string }) => x.id)).toContain(s.json().id);
  });
});
