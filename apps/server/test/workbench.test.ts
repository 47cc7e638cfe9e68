import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let grid: Session;
let township: Session;

interface Summary {
  id: string;
  code: string;
  reporterPhone: string | null;
  regionCode: string;
  score?: number;
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
  township = await login(env, { roles: ["township_leader"], region: tree.township });
});

async function createCase(extra: Record<string, unknown> = {}, regionCode = tree.grid) {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(regionCode, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function command(who: Session, id: string, body: Record<string, unknown>) {
  const res = await call(env, who, { method: "POST", url: `/api/v1/cases/${id}/commands`, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const get = (who: Session | null, url: string) => call(env, who, { method: "GET", url });
const ids = (items: Summary[]) => items.map((c) => c.id);

describe("GET /workbench", () => {
  it("gives each level its own queue, ordered by what runs out first, with counters", async () => {
    const mine = await createCase();
    const risky = await createCase({ highRisk: true });
    const elsewhere = await createCase({}, tree.otherGrid);
    let up = await createCase();
    up = await command(township, up.id, { type: "escalate", reason: "网格调解不成", version: up.version });
    const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });

    const g = (await get(grid, "/api/v1/workbench")).json();
    expect(ids(g.queue)).toEqual([mine.id, risky.id]);
    expect(g.counts).toEqual({
      new: 2,
      dueSoon: 0,
      overdue: 0,
      escalatedToMe: 0,
      red: 1,
      callbackDue: 0,
      callbackMissed: 0,
    });
    expect(g.redCount).toBe(1);
    expect(g.queue[0].reporterPhone).toBe("138****1234");

    const v = (await get(cadre, "/api/v1/workbench")).json();
    expect(ids(v.queue)).toEqual([up.id]);
    expect(v.counts.escalatedToMe).toBe(1);
    // The village sees red cases of its grids in redCount though they are not in its queue.
    expect(v.redCount).toBe(1);

    const leader = await login(env, { roles: ["leader"], region: tree.county });
    const l = (await get(leader, "/api/v1/workbench")).json();
    expect(ids(l.queue)).toEqual(expect.arrayContaining([mine.id, risky.id, elsewhere.id, up.id]));
  });

  // The rung's level comes from the case's policy (README Performance 11: looked up once per query).
  it("puts the center's and the township's rungs, and cases past the ladder, in the right queues", async () => {
    const at = async (toStep: number) => {
      const c = await createCase();
      return command(township, c.id, { type: "escalate", reason: "需上级协调", toStep, version: c.version });
    };
    const [center, decide, beyond] = [await at(3), await at(4), await at(5)];
    const staff = await login(env, { roles: ["center_staff"], region: tree.township });
    const queueOf = async (who: Session) => ids((await get(who, "/api/v1/workbench")).json().queue);

    const s = await queueOf(staff);
    expect(s).toContain(center.id);
    expect(s).not.toContain(decide.id);
    expect(s).not.toContain(beyond.id);
    const t = await queueOf(township);
    expect(t).toEqual(expect.arrayContaining([decide.id, beyond.id]));
    expect(t).not.toContain(center.id);
    const g = await queueOf(grid);
    for (const id of [center.id, decide.id, beyond.id]) expect(g).not.toContain(id);
  });

  it("counts overdue cases once the step clock has run out", async () => {
    const env2 = env;
    const before = (await get(grid, "/api/v1/workbench")).json();
    await env2.ctx.clock.advance(25 * 3600_000);
    const after = (await get(grid, "/api/v1/workbench")).json();
    expect(before.counts.overdue).toBe(0);
    expect(after.counts.overdue).toBe(after.queue.length);
    expect(after.counts.overdue).toBeGreaterThan(0);
  });

  it("shows a department handler the cases assigned to the unit", async () => {
    const unit = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "县人社局", region_code: tree.county, stationing: "rotating" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = await createCase({ category: "labour" });
    await command(township, c.id, { type: "assign", unitId: unit.id, userId: null, version: c.version });
    const handler = await login(env, { roles: ["department_handler"], region: tree.county, unitId: unit.id });
    const w = (await get(handler, "/api/v1/workbench")).json();
    expect(ids(w.queue)).toEqual([c.id]);
  });

  it("requires a login", async () => {
    expect((await get(null, "/api/v1/workbench")).statusCode).toBe(401);
  });
});

describe("GET /cases-lookup", () => {
  it("finds earlier cases of the same phone, only within jurisdiction, newest first, masked", async () => {
    const phone = "13912345678";
    const first = await createCase({ reporter: { name: "李四", phone } });
    const second = await createCase({ reporter: { name: "李四", phone: "139-1234-5678" } });
    const far = await createCase({ reporter: { name: "李四", phone } }, tree.otherTownshipGrid);
    await createCase({ reporter: { name: "王五", phone: "13700000000" } });

    const all = (await get(clerk, `/api/v1/cases-lookup?phone=${phone}`)).json().items as Summary[];
    expect(ids(all)).toEqual([far.id, second.id, first.id]);
    expect(all.every((c) => c.reporterPhone === "139****5678")).toBe(true);
    expect(JSON.stringify(all)).not.toContain(phone);

    const mine = (await get(grid, `/api/v1/cases-lookup?phone=%2B86${phone}`)).json().items as Summary[];
    expect(ids(mine)).toEqual([second.id, first.id]);
  });

  it("refuses a malformed phone with INVALID_INPUT", async () => {
    const res = await get(clerk, "/api/v1/cases-lookup?phone=abc");
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("INVALID_INPUT");
  });
});

describe("GET /cases-similar", () => {
  it("ranks open cases sharing words, preferring the same region, within jurisdiction", async () => {
    const text = "宅基地边界纠纷，邻居砌墙占用通道";
    const here = await createCase({ title: "宅基地边界纠纷", description: "邻居砌墙占用宅基地通道" });
    const nearby = await createCase(
      { title: "宅基地边界纠纷", description: "邻居砌墙占用宅基地通道" },
      tree.otherGrid,
    );
    const far = await createCase(
      { title: "宅基地纠纷", description: "砌墙占用通道" },
      tree.otherTownshipGrid,
    );
    const closed = await createCase({ title: "宅基地边界纠纷", description: "砌墙占用通道" });
    await command(township, closed.id, { type: "reject", reason: "不予受理", version: closed.version });

    const url = `/api/v1/cases-similar?text=${encodeURIComponent(text)}&regionCode=${tree.otherGrid}`;
    const items = (await get(township, url)).json().items as Summary[];
    expect(items.length).toBeLessThanOrEqual(5);
    expect(items[0]?.id).toBe(nearby.id);
    expect(ids(items)).toContain(here.id);
    expect(ids(items)).not.toContain(closed.id);
    expect(ids(items)).not.toContain(far.id);
    expect(items[0]?.score).toBeGreaterThan(items.find((c) => c.id === here.id)?.score ?? 0);

    const forGrid = (await get(grid, `/api/v1/cases-similar?text=${encodeURIComponent(text)}`)).json().items;
    expect(ids(forGrid)).not.toContain(nearby.id);
  });

  it("leaves out cases sharing only a generic word, and says why each one matched", async () => {
    const text = "宅基地边界纠纷：邻居砌墙占了通道";
    const same = await createCase(
      { title: "宅基地边界不清", description: "邻居砌墙占用出行通道", category: "housing_homestead" },
      tree.otherGrid,
    );
    const generic = await createCase({
      title: "工资纠纷",
      description: "老板拖欠工资纠纷",
      category: "labour",
    });
    const oneWord = await createCase(
      { title: "通道被堆放杂物", description: "楼道通道堆满杂物", category: "property_mgmt" },
      tree.otherTownshipGrid,
    );
    const url = `/api/v1/cases-similar?text=${encodeURIComponent(text)}&regionCode=${tree.grid}&category=housing_homestead`;
    const items = (await get(clerk, url)).json().items as (Summary & { reasons: Record<string, unknown> })[];
    expect(items[0]?.id).toBe(same.id);
    expect(items[0]?.reasons).toMatchObject({ sameGrid: false, sameVillage: true, sameCategory: true });
    expect(items[0]?.reasons.sharedWords).toEqual(
      expect.arrayContaining(["宅基地", "边界", "邻居", "砌墙", "通道"]),
    );
    expect(ids(items)).not.toContain(generic.id);
    expect(ids(items)).not.toContain(oneWord.id);
  });

  it("needs some text", async () => {
    expect((await get(clerk, "/api/v1/cases-similar?text=")).statusCode).toBe(400);
  });
});
