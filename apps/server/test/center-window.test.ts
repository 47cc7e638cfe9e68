import { readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// 一站式窗口: 取号 per center per day per service, 叫号 and the hall's board, repeat visitors by phone
// or ID number (masked), intake with several services and their short forms, the default route, the
// 受理回执, and 全量受理 — referred out and not accepted each get a code and stay apart from resolved.

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let unitId: string;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
  const unit = await env.ctx.db
    .insertInto("units")
    .values({
      kind: "mediation_committee",
      name: "镇人民调解委员会",
      region_code: tree.township,
      stationing: "resident",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  unitId = unit.id;
});

const post = (url: string, payload: object, who: Session = clerk) =>
  call(env, who, { method: "POST", url: `/api/v1${url}`, payload });
const get = (url: string, who: Session = clerk) => call(env, who, { method: "GET", url: `/api/v1${url}` });

const ticket = (service: string, extra: object = {}) =>
  post("/window/tickets", { center: tree.township, service, ...extra });

const intake = (extra: Record<string, unknown> = {}) => {
  const { channel: _c, ...c } = sampleCase(tree.grid);
  return post("/window/intake", {
    center: tree.township,
    case: { ...c, category: "housing_homestead", title: "宅基地边界纠纷" },
    services: ["mediation", "legal"],
    serviceFields: { mediation: { otherParty: "李四", amount: 5000 }, legal: { question: "边界怎么认定" } },
    ...extra,
  });
};

describe("取号 and 叫号", () => {
  it("numbers run per service letter and restart the next day (Beijing date)", async () => {
    const a1 = await ticket("petition", { phone: "13900001111", visitorName: "王五" });
    const a2 = await ticket("petition");
    const b1 = await ticket("mediation");
    expect(a1.statusCode, a1.body).toBe(201);
    expect([a1.json().label, a2.json().label, b1.json().label]).toEqual(["A001", "A002", "B001"]);
    expect(a1.json()).toMatchObject({ visitorName: "王*", phone: "*******1111", waitingAhead: 0 });
    expect(a1.body).not.toContain("13900001111");
    await env.ctx.clock.advance(24 * 3600_000);
    expect((await ticket("petition")).json().label).toBe("A001");
  });

  it("call next takes the oldest waiting ticket of the window's services; the board shows now serving", async () => {
    const first = (await ticket("legal")).json();
    await ticket("counselling");
    const called = await post("/window/call-next", { center: tree.township, window: 3, services: ["legal"] });
    expect(called.json().ticket).toMatchObject({ id: first.id, status: "called", window: 3 });
    const board = (await get(`/window/queue?center=${tree.township}`)).json();
    expect(board.nowServing).toEqual([expect.objectContaining({ label: first.label, window: 3 })]);
    expect(board.waiting.map((t: { service: string }) => t.service)).toContain("counselling");
    const done = await post(`/window/tickets/${first.id}/finish`, { status: "served" });
    expect(done.json().status).toBe("served");
    const again = await post(`/window/tickets/${first.id}/finish`, { status: "no_show" });
    expect(again.statusCode).toBe(409);
    const none = await post("/window/call-next", {
      center: tree.township,
      window: 3,
      services: ["supervision"],
    });
    expect(none.json()).toEqual({ ticket: null });
  });

  it("a village is not a center", async () => {
    const res = await post("/window/tickets", { center: tree.village, service: "legal" });
    expect(res.statusCode).toBe(400);
  });
});

describe("受理 at the window", () => {
  it("a case with several services, their forms, its route (会诊, the stationed unit) and a 查询码", async () => {
    const t = (await ticket("mediation", { idNumber: "62070219800101123X" })).json();
    const res = await intake({ ticketId: t.id });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.case).toMatchObject({ channel: "walk_in", services: ["mediation", "legal"], step: 3 });
    expect(body.case.assignedUnitId).toBe(unitId);
    expect(body.pin).toMatch(/^\d{6}$/);
    const detail = (await get(`/cases/${body.case.code}`)).json();
    const types = detail.timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(["case.submitted", "window.received", "case.escalated", "case.assigned"]),
    );
    const tk = await env.ctx.db
      .selectFrom("window_tickets")
      .selectAll()
      .where("id", "=", t.id)
      .executeTakeFirstOrThrow();
    expect(tk).toMatchObject({ case_id: body.case.id, status: "served" });
    const again = await intake({ ticketId: t.id });
    expect(again.statusCode).toBe(409);
  });

  it("the route is data: an administrator sends 法律服务 to the grid (step 1) with no unit", async () => {
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const current = (await get("/center-settings", admin)).json();
    expect(current.clocks).toEqual({ summonsAck: "PT2H", referralAck: "P1D", referralCounting: "working" });
    const routes = { legal: { policy: "siji-qitian", step: 1, unitKind: null } };
    const put = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/center-settings",
      payload: { clocks: current.clocks, routes },
    });
    expect(put.statusCode, put.body).toBe(200);
    const svc = (await get("/window/services"))
      .json()
      .items.find((x: { code: string }) => x.code === "legal");
    expect(svc.route).toEqual(routes.legal);
    const res = await intake({ services: ["legal"], serviceFields: { legal: { question: "q" } } });
    expect(res.json().case).toMatchObject({ step: 1, assignedUnitId: null });
    await call(env, admin, {
      method: "PUT",
      url: "/api/v1/center-settings",
      payload: { clocks: current.clocks, routes: {} },
    });
  });

  it("the 受理回执 prints the code, the services and how to track the case", async () => {
    const body = (await intake()).json();
    const res = await get(`/window/receipt/${body.case.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain(body.case.code);
    expect(res.body).toContain("多元调解、法律服务");
    expect(res.body).toContain("/m/track");
    expect(res.body).toContain("@page { size: A4");
    // The 查询码 is never printed by the server: it travels in the link's fragment only.
    expect(res.body).toContain('id="pin">（仅登记时显示一次');
    expect(body.receiptUrl).toBe(`/api/v1/window/receipt/${body.case.code}#pin=${body.pin}`);
  });

  it.each([
    [{ services: ["petition"], serviceFields: { petition: { visitors: 2 } } }, "petition.petitionKind"],
    [{ services: ["legal"], serviceFields: { legal: { question: "x" }, mediation: {} } }, "serviceFields"],
    [{ services: [] }, undefined],
  ])("refuses a bad form %j with 400 and no case", async (extra, field) => {
    const before = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const res = await intake(extra);
    expect(res.statusCode, res.body).toBe(400);
    if (field) expect(res.json().details?.field).toBe(field);
    const after = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("a visitor's earlier visits and cases by phone or by ID number, masked", async () => {
    await ticket("petition", { phone: "13800001234", idNumber: "62070219800101123X" });
    const byPhone = (await get("/window/visitors?phone=13800001234")).json();
    expect(byPhone.visits.length).toBeGreaterThan(0);
    expect(byPhone.cases.length).toBeGreaterThan(0); // sampleCase's reporter phone
    expect(JSON.stringify(byPhone)).not.toContain("13800001234");
    const byId = (await get("/window/visitors?idNumber=62070219800101123x")).json();
    expect(byId.visits[0].idNumber).toBe("6207**********123X");
    expect(byId.cases.length).toBeGreaterThan(0); // the intake whose party gave the ID number
    expect((await get("/window/visitors")).statusCode).toBe(400);
  });
});

describe("全量受理: referred out and not accepted stay apart from resolved", () => {
  it("every request gets a code; the counts keep 转出, 不予受理 and 办结 apart", async () => {
    const leader = await login(env, { roles: ["leader"], region: tree.township });
    const before = (await get(`/stats/summary?region=${tree.township}`, leader)).json().total;
    const referred = await intake({
      disposition: { type: "refer", to: "县人社局劳动监察大队", reason: "属劳动监察职责" },
    });
    const rejected = await intake({ disposition: { type: "reject", reason: "已由法院判决生效" } });
    expect(referred.statusCode, referred.body).toBe(201);
    expect(referred.json().case).toMatchObject({ status: "closed", outcome: "referred" });
    expect(rejected.json().case).toMatchObject({ status: "closed", outcome: "rejected" });
    expect(referred.json().case.code).toMatch(/^\d{6,}-\d{6}-\d{7}$/);
    const accepted = (await intake()).json().case;
    const cmd = (type: string, extra: object = {}) =>
      get(`/cases/${accepted.id}`).then((r) =>
        post(`/cases/${accepted.id}/commands`, { type, version: r.json().version, ...extra }),
      );
    expect((await cmd("accept")).statusCode).toBe(200);
    expect((await cmd("resolve", { summary: "调解成功" })).statusCode).toBe(200);
    const after = (await get(`/stats/summary?region=${tree.township}`, leader)).json().total;
    expect(after.referred - before.referred).toBe(1);
    expect(after.rejected - before.rejected).toBe(1);
    expect(after.resolved - before.resolved).toBe(1);
    expect(after.closedNotResolved - before.closedNotResolved).toBe(2);
    const receipt = await get(`/window/receipt/${rejected.json().case.code}`);
    expect(receipt.body).toContain("不予受理");
    expect(receipt.body).toContain("已由法院判决生效");
  });

  it("migration 0012 keeps each case's old single service as its first service", async () => {
    const c = (await post("/cases", sampleCase(tree.grid))).json();
    const file = readFileSync(new URL("../migrations/0012_center_window.sql", import.meta.url), "utf8");
    // The statements that turn `service` into `services`: replayed on a case that had the old column.
    const part = file.slice(0, file.indexOf("-- 取号"));
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    try {
      await client.query("BEGIN");
      // Later migrations' triggers (the leaders' rollup) read `services`: off while the old shape is replayed.
      await client.query("ALTER TABLE cases DISABLE TRIGGER USER");
      await client.query("ALTER TABLE cases DROP COLUMN services; ALTER TABLE cases ADD COLUMN service text");
      await client.query("UPDATE cases SET service = 'petition' WHERE id = $1", [c.id]);
      await client.query(part);
      const r = await client.query("SELECT services FROM cases WHERE id = $1", [c.id]);
      const others = await client.query(
        "SELECT count(*)::int AS n FROM cases WHERE services <> '{}' AND id <> $1",
        [c.id],
      );
      await client.query("ROLLBACK");
      expect(r.rows[0].services).toEqual(["petition"]);
      expect(others.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });

  it("a case registered elsewhere keeps the older single `service` as its first service", async () => {
    const res = await post("/cases", sampleCase(tree.grid, { service: "legal" }));
    expect(res.json().services).toEqual(["legal"]);
  });
});
