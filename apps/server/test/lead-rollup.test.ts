import { addMeasures, caseFacts, emptyMeasures, MEASURE_KEYS, type Measures } from "@fengqiao/core";
import fc from "fast-check";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { foldAll, rebuildRollup } from "../src/modules/dashboard/rollup";
import { rateCase } from "../src/modules/tracking/tracking.commands";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let boss: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  boss = await login(env, {
    roles: ["center_staff", "township_leader", "village_cadre", "grid_worker"],
    region: tree.township,
  });
});

const COMMANDS: Record<string, Record<string, unknown>> = {
  accept: { type: "accept" },
  startMediation: { type: "startMediation" },
  failMediation: { type: "recordMediation", success: false, summary: "调解未成" },
  pause: { type: "pause", reason: "等待当事人" },
  resume: { type: "resume" },
  escalate: { type: "escalate", reason: "需上级协调" },
  beyond: { type: "escalate", reason: "上交", toStep: 5 },
  resolve: { type: "resolve", summary: "已调解" },
  close: { type: "close" },
  reject: { type: "reject", reason: "不属受理范围" },
  refer: { type: "refer", reason: "引导诉讼", to: "法院" },
  reopen: { type: "reopen", reason: "当事人反映" },
};

type Step =
  | { kind: "create"; grid: 0 | 1 | 2; category: string; channel: string }
  | { kind: "command"; pick: number; name: string }
  | { kind: "merge"; pick: number; into: number }
  | { kind: "rate"; pick: number; rating: "satisfied" | "basically_satisfied" | "dissatisfied" }
  | { kind: "advance"; hours: number };

const create = fc.record({
  kind: fc.constant("create" as const),
  grid: fc.constantFrom(0 as const, 1 as const, 2 as const),
  category: fc.constantFrom("neighbour", "housing_homestead", "labour", "road_facilities"),
  channel: fc.constantFrom("hotline", "walk_in", "qr"),
});
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    grid: fc.constantFrom(0 as const, 1 as const, 2 as const),
    category: fc.constantFrom("neighbour", "housing_homestead", "labour", "road_facilities"),
    channel: fc.constantFrom("hotline", "walk_in", "qr"),
  }),
  fc.record({
    kind: fc.constant("command" as const),
    pick: fc.nat(),
    name: fc.constantFrom(...Object.keys(COMMANDS)),
  }),
  fc.record({ kind: fc.constant("merge" as const), pick: fc.nat(), into: fc.nat() }),
  fc.record({
    kind: fc.constant("rate" as const),
    pick: fc.nat(),
    rating: fc.constantFrom("satisfied" as const, "basically_satisfied" as const, "dissatisfied" as const),
  }),
  fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 60 }) }),
);

async function apply(s: Step, cases: { id: string; code: string }[]): Promise<boolean> {
  const grids = [tree.grid, tree.otherGrid, tree.otherTownshipGrid];
  const pick = (i: number) => cases[i % Math.max(cases.length, 1)];
  if (s.kind === "create") {
    const res = await call(env, boss, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(grids[s.grid] ?? tree.grid, { category: s.category, channel: s.channel }),
    });
    if (res.statusCode === 201) cases.push({ id: res.json().id, code: res.json().code });
    return res.statusCode === 201;
  }
  if (s.kind === "advance") {
    await env.ctx.clock.advance(s.hours * 3600_000);
    await sweepClocks(env.ctx);
    return true;
  }
  const c = pick(s.pick);
  if (!c) return false;
  if (s.kind === "rate") {
    return rateCase({ ctx: env.ctx, caseId: c.id, rating: s.rating, comment: "回访" }).then(
      () => true,
      () => false,
    );
  }
  const detail = await call(env, boss, { method: "GET", url: `/api/v1/cases/${c.id}` });
  const body =
    s.kind === "merge" ? { type: "merge", intoCode: pick(s.into)?.code ?? c.code } : COMMANDS[s.name];
  const res = await call(env, boss, {
    method: "POST",
    url: `/api/v1/cases/${c.id}/commands`,
    payload: { ...body, version: detail.json().version },
  });
  return res.statusCode === 200;
}

describe("rollup kept exact (trigger deltas + fold) and the rebuild agree", () => {
  it("after any command sequence the rollup equals the figures recomputed from cases", async () => {
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(create, { minLength: 3, maxLength: 6 }),
        fc.array(step, { minLength: 15, maxLength: 40 }),
        async (first, then) => {
          const cases: { id: string; code: string }[] = [];
          for (const s of [...first, ...then]) if (await apply(s, cases)) applied += 1;
          // Path 1: folded sums + pending deltas (what readers see between folds).
          const pending = await rebuildRollup(env.ctx.db, false);
          expect(pending.sample).toEqual([]);
          // Path 2: everything folded.
          await foldAll(env.ctx.db);
          const folded = await rebuildRollup(env.ctx.db, false);
          expect(folded.differences).toBe(0);
        },
      ),
      { numRuns: 6 },
    );
    expect(applied).toBeGreaterThan(60);
    const total = await sql<{ n: number; c: number }>`
      SELECT (SELECT sum(n)::int FROM rollup_cases WHERE region_code = ${tree.county}) AS n,
        (SELECT count(*)::int FROM cases WHERE region_path LIKE ${`%.${tree.county}.%`}) AS c`.execute(
      env.ctx.db,
    );
    expect(total.rows[0]?.n).toBe(total.rows[0]?.c);
  }, 240_000);

  it("the SQL facts (rollup_fact_of) equal core's caseFacts on every case", async () => {
    const cases = await sql<Record<string, unknown>>`SELECT * FROM cases`.execute(env.ctx.db);
    expect(cases.rows.length).toBeGreaterThan(10);
    let want = emptyMeasures();
    for (const c of cases.rows) {
      want = addMeasures(
        want,
        caseFacts({
          status: c.status as string,
          outcome: c.outcome as string | null,
          pausedFrom: c.paused_from as string | null,
          warning: c.warning as string,
          missedDeadline: c.missed_deadline as boolean,
          step: c.step as number,
          stepCount: c.step_count as number,
          reopenCount: c.reopen_count as number,
          channel: c.channel as string,
          createdAt: c.created_at as Date,
          resolvedAt: c.resolved_at as Date | null,
          callbackDueAt: c.callback_due_at as Date | null,
          callbackEverMissed: c.callback_ever_missed as boolean,
          rating: c.rating as string | null,
        }),
      );
    }
    const cols = MEASURE_KEYS.map(
      (k) => `sum(${k.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)})::int AS "${k}"`,
    );
    const got = await sql<Measures>`SELECT ${sql.raw(cols.join(", "))} FROM rollup_now
      WHERE region_code = '620000'`.execute(env.ctx.db);
    const row = got.rows[0] as Measures;
    expect({ ...row, handlingMin: 0 }).toEqual({ ...want, handlingMin: 0 });
    // Minutes are rounded per case in SQL and in core alike; allow one minute per case.
    expect(Math.abs(row.handlingMin - want.handlingMin)).toBeLessThanOrEqual(cases.rows.length);
  });

  it("rebuild names a tampered rollup row and puts it right", async () => {
    await foldAll(env.ctx.db);
    await sql`UPDATE rollup_cases SET n = n + 1, open = open + 1
      WHERE region_code = ${tree.township} AND ctid = (SELECT ctid FROM rollup_cases WHERE region_code = ${tree.township} LIMIT 1)`.execute(
      env.ctx.db,
    );
    const seen = await rebuildRollup(env.ctx.db, true);
    expect(seen.differences).toBe(1);
    expect(seen.sample[0]?.key).toContain(tree.township);
    expect(seen.sample[0]?.measure).toBe("n");
    expect(seen.sample[0]?.rollup).toBe((seen.sample[0]?.cases ?? 0) + 1);
    expect((await rebuildRollup(env.ctx.db, false)).differences).toBe(0);
  });
});
