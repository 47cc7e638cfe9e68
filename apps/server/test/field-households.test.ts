import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { addHousehold, householdBody } from "./field-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let worker: Session;
let household: { id: string; address: string };
let neighbour: { id: string };

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  worker = await login(env, { roles: ["grid_worker"], region: tree.grid });
  household = await addHousehold(env, worker, tree.grid);
  const otherWorker = await login(env, { roles: ["grid_worker"], region: tree.otherGrid });
  neighbour = await addHousehold(env, otherWorker, tree.otherGrid, {
    members: [{ relation: "户主", name: "李桂兰", phone: "13700001111", tags: ["独居老人"] }],
  });
});

const get = (s: Session, url: string) => call(env, s, { method: "GET", url: `/api/v1${url}` });

describe("households in my grid", () => {
  it("adds a household with sealed members; the list shows only masked names and phones", async () => {
    const res = await get(worker, `/field/households?grid=${tree.grid}`);
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json().items.find((x: { id: string }) => x.id === household.id);
    expect(h).toMatchObject({ gridCode: tree.grid, building: "三组院落", tags: ["留守儿童"] });
    expect(h.members[0]).toMatchObject({ relation: "户主", name: "王**", phone: "*******5678" });
    expect(res.body).not.toContain("王建国");
    expect(res.body).not.toContain("13912345678");
    expect(res.body).not.toContain("620702196501011234");
    const row = await env.ctx.db
      .selectFrom("household_members")
      .selectAll()
      .where("household_id", "=", household.id)
      .orderBy("position")
      .executeTakeFirstOrThrow();
    expect(row.name_enc).not.toContain("王建国");
    expect(env.ctx.pd.decrypt(row.phone_enc ?? "")).toBe("13912345678");
  });

  it("a replay of the same household answers 200 with the same record; another household under its id is refused", async () => {
    const body = householdBody(tree.grid);
    const first = await call(env, worker, { method: "POST", url: "/api/v1/field/households", payload: body });
    const again = await call(env, worker, { method: "POST", url: "/api/v1/field/households", payload: body });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json()).toEqual(first.json());
    const clash = await call(env, worker, {
      method: "POST",
      url: "/api/v1/field/households",
      payload: { ...body, address: "别的地址1号" },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toBe("CONFLICT");
  });

  it.each([
    ["phone last four", "5678", true],
    ["a member's full name", "王建国", true],
    ["a wrong name", "王建军", false],
    ["an address substring", "三组", true],
    ["the building's name", "三组院落", true],
    ["another grid's member", "李桂兰", false],
  ])("finds by %s", async (_n, q, found) => {
    const res = await get(worker, `/field/households?q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((x: { id: string }) => x.id);
    expect(ids.includes(household.id)).toBe(found);
    expect(ids).not.toContain(neighbour.id);
  });

  it("the detail lists the household's visits and cases", async () => {
    const res = await get(worker, `/field/households/${household.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: household.id, visits: [], cases: [] });
  });

  it("reveal returns full contacts and leaves an audit entry naming who looked", async () => {
    const res = await call(env, worker, {
      method: "POST",
      url: `/api/v1/field/households/${household.id}/reveal`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members[0]).toMatchObject({
      name: "王建国",
      phone: "13912345678",
      idNumber: "620702196501011234",
    });
    const logged = await env.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "household.reveal")
      .where("entity_id", "=", household.id)
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.actor_id).toBe(worker.userId);
  });

  it("refuses a household in a grid outside my own, and bad input, without writing", async () => {
    const res = await call(env, worker, {
      method: "POST",
      url: "/api/v1/field/households",
      payload: householdBody(tree.otherGrid),
    });
    expect(res.statusCode).toBe(404);
    const bad = await call(env, worker, {
      method: "POST",
      url: "/api/v1/field/households",
      payload: { ...householdBody(tree.grid), members: [{ relation: "户主", name: "", phone: "12" }] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe("role × jurisdiction", () => {
  const rows: [string, Role, keyof Tree, "own" | "neighbour", number][] = [
    ["the grid's worker reads its household", "grid_worker", "grid", "own", 200],
    ["a grid worker cannot see the next grid's household", "grid_worker", "grid", "neighbour", 404],
    ["the village cadre reads both grids", "village_cadre", "village", "neighbour", 200],
    ["the police officer of the village reads it", "police", "village", "own", 200],
    ["township center staff read it", "center_staff", "township", "own", 200],
    ["another village's cadre gets 404", "village_cadre", "otherVillage", "own", 404],
    ["another township's leader gets 404", "township_leader", "otherTownship", "own", 404],
    ["a department handler is refused (403)", "department_handler", "county", "own", 403],
    ["a mediator is refused (403)", "mediator", "village", "own", 403],
  ];
  it.each(rows)("%s", async (_n, role, at, which, status) => {
    const s = await login(env, { roles: [role], region: tree[at] });
    const id = which === "own" ? household.id : neighbour.id;
    expect((await get(s, `/field/households/${id}`)).statusCode).toBe(status);
    const reveal = await call(env, s, { method: "POST", url: `/api/v1/field/households/${id}/reveal` });
    expect(reveal.statusCode).toBe(status);
    const list = await get(s, "/field/households");
    expect(list.statusCode).toBe(status === 403 ? 403 : 200);
    if (status === 404) expect(list.json().items.map((x: { id: string }) => x.id)).not.toContain(id);
  });

  it("no reveal from a refused role is logged", async () => {
    const n = await env.ctx.db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("action", "=", "household.reveal")
      .where("entity_id", "=", neighbour.id)
      .executeTakeFirstOrThrow();
    // Only the village cadre (allowed) revealed the neighbour's household.
    expect(Number(n.n)).toBe(1);
  });
});
