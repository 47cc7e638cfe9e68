import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { wholeMonths } from "../src/modules/dashboard/dashboard.repository";
import { beijingDay } from "../src/modules/dashboard/dashboard.service";
import { foldAll, snapshotOpen } from "../src/modules/dashboard/rollup";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let leader: Session;
let clerk: Session;
let intake: Session;

async function create(region: string, extra: Record<string, unknown> = {}) {
  const res = await call(env, intake, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(region, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}
async function command(id: string, body: Record<string, unknown>) {
  const v = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json().version;
  const res = await call(env, clerk, {
    method: "POST",
    url: `/api/v1/cases/${id}/commands`,
    payload: { ...body, version: v },
  });
  expect(res.statusCode, res.body).toBe(200);
}
const board = (who: Session, q = "") => call(env, who, { method: "GET", url: `/api/v1/dashboard${q}` });

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  leader = await login(env, { roles: ["leader"], region: tree.county });
  intake = await login(env, { roles: ["center_staff"], region: tree.county });
  clerk = await login(env, {
    roles: ["center_staff", "township_leader", "grid_worker"],
    region: tree.township,
  });
  const a = await create(tree.grid);
  await command(a.id, { type: "accept" });
  await command(a.id, { type: "resolve", summary: "当场调解" });
  const b = await create(tree.grid);
  await command(b.id, { type: "reject", reason: "不属受理范围" });
  const c = await create(tree.otherGrid, { category: "labour" });
  await command(c.id, { type: "refer", reason: "引导诉讼", to: "人民法院" });
  await create(tree.grid, { channel: "walk_in" });
  await create(tree.otherTownshipGrid);
  await foldAll(env.ctx.db);
  // One more after the fold: figures must count pending deltas too.
  await create(tree.grid, { category: "housing_homestead" });
});

describe("GET /dashboard (leaders' figures from the rollup)", () => {
  it("counts the county's cases by outcome, with children and category mix", async () => {
    const res = await board(leader);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.region.code).toBe(tree.county);
    expect(d.kpis).toMatchObject({
      received: 6,
      resolved: 1,
      notAccepted: 1,
      referred: 1,
      pending: 3,
      accepted: 2,
    });
    expect(d.kpis.settledSteps).toEqual({ "1": 1 });
    expect(d.kpis.villageRate).toBe(1);
    const kids = Object.fromEntries(
      d.children.map((c: { code: string; received: number }) => [c.code, c.received]),
    );
    expect(kids).toEqual({ [tree.township]: 5, [tree.otherTownship]: 1 });
    expect(d.byCategory.find((s: { code: string }) => s.code === "labour")).toMatchObject({
      received: 1,
      family: "dispute",
    });
    expect(d.map.geojson.features).toHaveLength(2);
    expect(d.trend.week.reduce((s: number, p: { received: number }) => s + p.received, 0)).toBe(6);
  });

  it("drills down to a township and a village with breadcrumbs from the user's own region", async () => {
    const d = (await board(leader, `?region=${tree.village}`)).json();
    expect(d.kpis.received).toBe(5);
    expect(d.crumbs.map((c: { code: string }) => c.code)).toEqual([tree.county, tree.township, tree.village]);
    expect(d.children.map((c: { code: string }) => c.code)).toContain(tree.grid);
  });

  it("each figure links to exactly the case list it counts", async () => {
    const d = (await board(leader)).json();
    const list = async (q: string) =>
      (
        await call(env, leader, {
          method: "GET",
          url: `/api/v1/cases?region=${tree.county}&from=${d.period.from}&to=${d.period.to}&limit=200&${q}`,
        })
      ).json().items.length;
    expect(await list("")).toBe(d.kpis.received);
    expect(await list("outcome=resolved")).toBe(d.kpis.resolved);
    expect(await list("outcome=rejected")).toBe(d.kpis.notAccepted);
    expect(await list("outcome=referred")).toBe(d.kpis.referred);
    expect(await list("kpi=pending")).toBe(d.kpis.pending);
    expect(await list("kpi=accepted")).toBe(d.kpis.accepted);
    expect(await list("status=closed&outcome=rejected,merged,referred")).toBe(d.kpis.closedNotResolved);
    expect(await list("outcome=resolved&settled=1,2")).toBe(1);
  });

  it("a case whose step ran out is red now: counted, listed with its reason", async () => {
    await env.ctx.clock.advance(25 * 3600_000);
    await sweepClocks(env.ctx);
    const d = (await board(leader)).json();
    expect(d.now.red).toBeGreaterThan(0);
    expect(d.red.length).toBe(d.now.red);
    expect(d.red[0].reasons).toContain("overdue");
    // The open-case snapshot of today feeds the backlog trend; re-running it overwrites the day.
    await snapshotOpen(env.ctx.db, env.ctx.clock.now());
    await snapshotOpen(env.ctx.db, env.ctx.clock.now());
    const after = (await board(leader)).json();
    expect(after.backlog).toHaveLength(1);
    expect(after.backlog[0]).toMatchObject({ open: d.now.open, red: d.now.red });
  });

  it("month rows, day edges and the villages' rollup_cases rows give the same figures", async () => {
    // Move two cases back (the trigger records the new cohort day): one 40 days ago, one 100.
    const ids = await sql<{ id: string }>`SELECT id FROM cases WHERE region_path LIKE ${`%${tree.township}%`}
      ORDER BY created_at, id LIMIT 2`.execute(env.ctx.db);
    for (const [i, back] of [40, 100].entries())
      await sql`UPDATE cases SET created_at = created_at - ${`${back} days`}::interval WHERE id = ${ids.rows[i]?.id}`.execute(
        env.ctx.db,
      );
    await foldAll(env.ctx.db);
    const to = beijingDay(env.ctx.clock.now());
    const from = beijingDay(new Date(env.ctx.clock.now().getTime() - 364 * 86_400_000));
    const year = `&from=${from}&to=${to}`;
    const township = (await board(leader, `?region=${tree.township}${year}`)).json();
    const county = (await board(leader, `?region=${tree.county}${year}`)).json();
    const sum = (xs: { received: number }[]) => xs.reduce((s, x) => s + x.received, 0);
    // township (tiers, month rows for whole months) = its villages (rollup_cases, day rows)
    expect(township.kpis.received).toBe(sum(township.children));
    expect(county.children.find((c: { code: string }) => c.code === tree.township).received).toBe(
      township.kpis.received,
    );
    expect(sum(township.byCategory)).toBe(township.kpis.received);
    expect(sum(township.trend.month)).toBe(township.kpis.received);
    const village = (await board(leader, `?region=${tree.village}${year}`)).json();
    expect(sum(village.byCategory)).toBe(village.kpis.received);
    expect(sum(village.trend.month)).toBe(village.kpis.received);
    // The default 90 days leaves the case of 100 days ago out, at both levels.
    const quarter = (await board(leader, `?region=${tree.township}`)).json();
    expect(quarter.kpis.received).toBe(township.kpis.received - 1);
    expect(sum(quarter.children)).toBe(quarter.kpis.received);
  });

  it("a period is whole months plus day edges, the month of the 7-day maturity read by day", () => {
    expect(wholeMonths("2026-01-15", "2026-04-30")).toEqual(["2026-02-01", "2026-03-01", "2026-04-01"]);
    expect(wholeMonths("2026-01-01", "2026-01-30")).toEqual([]);
    expect(wholeMonths("2026-01-01", "2026-03-31", "2026-02-10")).toEqual(["2026-01-01", "2026-03-01"]);
    expect(wholeMonths("2026-01-01", "2026-03-31", "2026-02-28")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
    ]);
  });

  it.each([
    ["leader of the county reads a township", ["leader"], "county", "township", 200],
    ["township leader reads their own township", ["township_leader"], "township", "township", 200],
    ["township leader reads the neighbour township", ["township_leader"], "township", "otherTownship", 404],
    ["center staff reads their township", ["center_staff"], "township", "township", 200],
    ["a grid worker may not read the dashboard", ["grid_worker"], "grid", "grid", 403],
    ["a department handler may not either", ["department_handler"], "county", "county", 403],
  ] as const)("%s", async (_n, roles, home, target, status) => {
    const who = await login(env, { roles: [...roles], region: tree[home] });
    const res = await board(who, `?region=${tree[target]}`);
    expect(res.statusCode, res.body).toBe(status);
  });

  it("refuses a period that ends before it starts with 400", async () => {
    const res = await board(leader, "?from=2026-11-10&to=2026-11-01");
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("INVALID_INPUT");
  });
});
