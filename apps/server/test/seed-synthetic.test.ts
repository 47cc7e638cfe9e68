import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { rebuildRollup } from "../src/modules/dashboard/rollup";
import { call, login, runCli, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
});

describe("fengqiao seed synthetic", () => {
  it("builds a province and its cases with events, the rollup exact, the dashboard answering", async () => {
    const r = await runCli(env, ["seed", "synthetic", "--cases", "2000", "--shape", "tiny"]);
    expect(r.code, r.out).toBe(0);
    const levels = await sql<{ level: string; n: number }>`SELECT level, count(*)::int AS n FROM regions
      WHERE path LIKE '990000%' GROUP BY level`.execute(env.ctx.db);
    // Two of everything below the province; the first two cities take one county more.
    expect(Object.fromEntries(levels.rows.map((x) => [x.level, x.n]))).toEqual({
      province: 1,
      city: 2,
      county: 6,
      township: 12,
      village: 24,
      grid: 48,
    });
    const c = await sql<{
      n: number;
      open: number;
      resolved: number;
      cats: number;
      chans: number;
      ev: number;
    }>`
      SELECT count(*)::int AS n, count(*) FILTER (WHERE status <> 'closed')::int AS open,
        count(*) FILTER (WHERE outcome = 'resolved')::int AS resolved, count(DISTINCT category)::int AS cats,
        count(DISTINCT channel)::int AS chans, sum(event_count)::int AS ev
      FROM cases WHERE code LIKE 'S-%'`.execute(env.ctx.db);
    const k = c.rows[0];
    expect(k?.n).toBe(2000);
    expect(k?.resolved).toBeGreaterThan(1500); // ~88 % of the closed
    expect(k?.open).toBeLessThan(100); // only the last month's are open
    expect(k?.cats).toBeGreaterThan(10);
    expect(k?.chans).toBe(6);
    const ev = await sql<{ n: number }>`SELECT count(*)::int AS n FROM case_events e
      JOIN cases c ON c.id = e.case_id WHERE c.code LIKE 'S-%'`.execute(env.ctx.db);
    expect(ev.rows[0]?.n).toBe(k?.ev);
    expect((k?.ev ?? 0) / 2000).toBeGreaterThan(8); // about 10 a case
    // The rollup (all tiers) was rebuilt from the cases: nothing to correct.
    expect((await rebuildRollup(env.ctx.db, false)).differences).toBe(0);
    const leader = await login(env, { roles: ["leader"], region: "990000" });
    const d = await call(env, leader, { method: "GET", url: "/api/v1/dashboard?from=2020-01-01" });
    expect(d.statusCode, d.body).toBe(200);
    const last5 = (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases
      WHERE code LIKE 'S-%' AND created_at >= '2020-01-01T00:00:00+08:00'`.execute(env.ctx.db)
    ).rows[0]?.n;
    expect(d.json().kpis.received).toBe(last5);
    expect(d.json().children).toHaveLength(2);
    // A second run adds cases to the same province.
    expect(
      (await runCli(env, ["seed", "synthetic", "--cases", "10", "--shape", "tiny", "--no-events"])).code,
    ).toBe(0);
    const after = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM cases WHERE code LIKE 'S-%'`.execute(env.ctx.db);
    expect(after.rows[0]?.n).toBe(2010);
  });

  it("refuses a database that holds real cases", async () => {
    await sql`UPDATE cases SET code = '990101-261202-0000001' WHERE code = (SELECT min(code) FROM cases WHERE code LIKE 'S-%')`.execute(
      env.ctx.db,
    );
    const r = await runCli(env, ["seed", "synthetic", "--cases", "10", "--shape", "tiny"]);
    expect(r.code).toBe(2);
    expect(r.out).toContain("holds real cases");
    expect(
      (
        await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases WHERE code LIKE 'S-%'`.execute(
          env.ctx.db,
        )
      ).rows[0]?.n,
    ).toBe(2009);
  });
});
