// (8, 9) Leaders' dashboard at scale: `fengqiao seed synthetic` builds a province (14 cities,
// 100 counties, 1,400 townships, 16,800 villages, 100,800 grids) and BENCH_CASES cases over five
// years with their events (the rollup trigger captures them; the rollup is rebuilt once at the end),
// then times GET /dashboard for a province, a city and a township user against the same figures
// computed from `cases` with GROUP BY, and the case list for the township user with every filter of
// the list benchmark. Records the generator's time and the database size.
import pg from "pg";
import { buildApp } from "../apps/server/src/app";
import { seedSynthetic } from "../apps/server/src/seed/synthetic";
import { benchDatabase, benchUser, PASSWORD } from "./setup";

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 3; i++) await fn(); // warm-up
  const lat: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(p * lat.length) - 1))] ?? 0;
  return { p50: round(at(0.5)), p95: round(at(0.95)) };
}

export async function benchDashboard(
  n = Number(process.env.BENCH_CASES ?? 1_000_000),
  runs = Number(process.env.BENCH_LIST_RUNS ?? 30),
) {
  const { ctx, url, close } = await benchDatabase("fq_bench_dash");
  const t0 = performance.now();
  const gen = await seedSynthetic(ctx.db, {
    cases: n,
    now: new Date(),
    events: process.env.BENCH_EVENTS !== "0",
    log: (m) => console.error(`  ${m}`),
  });
  const generatorS = (performance.now() - t0) / 1000;
  const c = new pg.Client({ connectionString: url });
  c.on("error", (e) => console.error("bench client:", e.message));
  await c.connect();
  const t1 = performance.now();
  await c.query("VACUUM ANALYZE");
  const vacuumS = (performance.now() - t1) / 1000;
  // The largest city and, in it, the largest township (by cases).
  const city = (
    await c.query("SELECT code FROM regions WHERE level = 'city' AND code LIKE '99%' ORDER BY code LIMIT 1")
  ).rows[0].code as string;
  const township = (
    await c.query(
      "SELECT code FROM regions WHERE level = 'township' AND parent_code LIKE $1 ORDER BY code LIMIT 1",
      [`${city.slice(0, 4)}%`],
    )
  ).rows[0].code as string;
  const users = { province: "990000", city, township };
  for (const [u, region] of Object.entries(users)) await benchUser(url, u, ["leader"], region);
  await benchUser(url, "clerk", ["township_leader"], township);
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const out: Record<
    string,
    { api: { p50: number; p95: number }; groupBy: { p50: number; p95: number }; ratioP95: number }
  > = {};
  for (const [u, region] of Object.entries(users)) {
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: u, password: PASSWORD }),
    });
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const year = `from=${new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10)}`;
    const api = await timed(runs, async () => {
      const r = await fetch(`${base}/api/v1/dashboard?${year}`, { headers: { cookie } });
      if (r.status !== 200) throw new Error(`dashboard answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    });
    const path = (await c.query("SELECT path FROM regions WHERE code = $1", [region])).rows[0].path as string;
    // The same headline figures straight from `cases` (the baseline the rollup replaces).
    const groupBy = await timed(Math.min(runs, 10), () =>
      c.query(
        `SELECT status, outcome, settled_step, count(*), count(*) FILTER (WHERE warning = 'red')
         FROM cases WHERE (region_path = $1 OR region_path LIKE $1 || '.%') AND created_at > now() - interval '364 days'
         GROUP BY 1, 2, 3`,
        [path],
      ),
    );
    out[u] = { api, groupBy, ratioP95: round(groupBy.p95 / api.p95) };
  }
  // The case list for a township user, each filter of the list benchmark (3).
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "clerk", password: PASSWORD }),
  });
  const clerk = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const lists: Record<string, { p50: number; p95: number }> = {};
  for (const [name, q] of Object.entries({
    default: "limit=50",
    status: "limit=50&status=accepted",
    category: "limit=50&category=labour",
    fullText: `limit=50&q=${encodeURIComponent("欠薪")}`,
    due: "limit=50&sort=due",
  }))
    lists[name] = await timed(runs, async () => {
      const r = await fetch(`${base}/api/v1/cases?${q}`, { headers: { cookie: clerk } });
      if (r.status !== 200) throw new Error(`list answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    });
  const size = await c.query("SELECT pg_size_pretty(pg_database_size(current_database())) AS s");
  const rollupRows = await c.query(`SELECT (SELECT count(*) FROM rollup_cases)::int AS cases,
    (SELECT count(*) FROM rollup_kpi)::int AS kpi, (SELECT count(*) FROM rollup_mix)::int AS mix,
    (SELECT count(*) FROM case_events)::int AS events`);
  await c.end();
  await app.close();
  await close();
  return {
    cases: n,
    regions: gen.regions,
    events: gen.events,
    generatorSeconds: { total: round(generatorS), ...gen.seconds, vacuumAnalyze: round(vacuumS) },
    databaseSize: size.rows[0].s,
    rows: rollupRows.rows[0],
    users,
    dashboardMs: out,
    listMs: lists,
  };
}
