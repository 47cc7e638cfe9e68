// (7) Leaders' dashboard at scale: generate BENCH_CASES cases over 5 years with realistic mixes
// (the rollup trigger captures them; the fold is timed apart), then time GET /dashboard for a
// province, a county and a township user against the same figures computed from `cases` with
// GROUP BY. Records generator time and database size.
import pg from "pg";
import { buildApp } from "../apps/server/src/app";
import { foldAll } from "../apps/server/src/modules/dashboard/rollup";
import { benchDatabase, benchRegions, benchUser, PASSWORD } from "./setup";

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Cases over 5 years: seasonal (more in winter and before the Spring Festival), most settled low. */
async function generate(url: string, n: number) {
  const c = new pg.Client({ connectionString: url });
  c.on("error", () => {});
  await c.connect();
  const chunk = 200_000;
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    await c.query(
      `WITH g AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(path ORDER BY code) AS paths
         FROM regions WHERE level = 'grid'),
      s AS (SELECT i, g.*, ((i::bigint * 7919) % array_length(g.codes, 1))::int + 1 AS gi, hashint4(i) AS h,
          -- day offset: uniform over 5 years, folded so that Dec–Feb get ~1.4× the cases
          ((i::bigint * 104729) % 1826)::int AS d
        FROM g, generate_series($1::int, $1::int + $2::int - 1) i),
      t AS (SELECT *, abs(h) % 1000 AS r, now() - d * interval '1 day' - (abs(h) % 1440) * interval '1 minute' AS at FROM s
        WHERE extract(month FROM now() - d * interval '1 day') IN (12, 1, 2) OR abs(h) % 10 < 8)
      INSERT INTO cases (id, code, channel, category, services, title, description, search, region_code, region_path,
        policy_key, status, step, step_count, outcome, settled_step, warning, missed_deadline, reopen_count,
        step_due_at, overall_due_at, last_event_hash, event_count, created_at, updated_at, resolved_at, closed_at)
      SELECT gen_random_uuid(), 'D-' || lpad(i::text, 10, '0'),
        (ARRAY['hotline','walk_in','grid','grid','qr','online','referral'])[1 + abs(h) % 7],
        (ARRAY['neighbour','neighbour','marriage_family','labour','housing_homestead','contract','land_acquisition',
          'property_mgmt','road_facilities','sanitation','utilities','public_order','consumer','damages'])[1 + (abs(h) / 7) % 14],
        CASE WHEN r % 3 = 0 THEN '{}'::text[] ELSE ARRAY['mediation'] END,
        '纠纷' || i, '测试', to_tsvector('simple', '纠纷 测试'), codes[gi], paths[gi], 'siji-qitian',
        CASE WHEN d < 10 AND r < 600 THEN (ARRAY['submitted','accepted','mediating'])[1 + r % 3]
             WHEN r < 880 THEN 'closed' WHEN r < 960 THEN 'closed' ELSE 'closed' END,
        CASE WHEN r < 620 THEN 1 WHEN r < 800 THEN 2 WHEN r < 880 THEN 3 WHEN r < 950 THEN 4 ELSE 5 END, 4,
        CASE WHEN d < 10 AND r < 600 THEN NULL WHEN r < 900 THEN 'resolved' WHEN r < 940 THEN 'referred'
             WHEN r < 980 THEN 'rejected' ELSE 'merged' END,
        CASE WHEN d < 10 AND r < 600 THEN NULL WHEN r < 900 THEN
          CASE WHEN r < 620 THEN 1 WHEN r < 800 THEN 2 WHEN r < 880 THEN 3 ELSE 4 END END,
        CASE WHEN d < 10 AND r < 30 THEN 'red' ELSE 'blue' END, r < 50, CASE WHEN r % 97 = 0 THEN 1 ELSE 0 END,
        at + interval '1 day', at + interval '7 days', repeat('0', 64), 0, at, at,
        CASE WHEN d < 10 AND r < 600 THEN NULL ELSE at + (r % 200) * interval '1 hour' END,
        CASE WHEN d < 10 AND r < 600 THEN NULL ELSE at + (r % 200 + 24) * interval '1 hour' END
      FROM t`,
      [start, count],
    );
  }
  await c.end();
}

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
  const grids = await benchRegions(url, Number(process.env.BENCH_TOWNSHIPS ?? 20));
  const t0 = performance.now();
  await generate(url, n);
  const insertS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await foldAll(ctx.db);
  const foldS = (performance.now() - t1) / 1000;
  const c = new pg.Client({ connectionString: url });
  c.on("error", (e) => console.error("bench client:", e.message));
  await c.connect();
  await c.query("VACUUM ANALYZE");
  const township = grids[0]?.path.split(".")[3] as string;
  const users = { province: "620000", county: "629901", township };
  for (const [u, region] of Object.entries(users)) await benchUser(url, u, ["leader"], region);
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const out: Record<string, { api: { p50: number; p95: number }; groupBy: { p50: number; p95: number } }> =
    {};
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
    out[u] = { api, groupBy };
  }
  const size = await c.query("SELECT pg_size_pretty(pg_database_size(current_database())) AS s");
  const rollupRows = await c.query("SELECT count(*)::int AS n FROM rollup_cases");
  await c.end();
  await app.close();
  await close();
  return {
    cases: n,
    grids: grids.length,
    generatorSeconds: { insert: round(insertS), fold: round(foldS) },
    databaseSize: size.rows[0].s,
    rollupRows: rollupRows.rows[0].n,
    latencyMs: out,
  };
}
