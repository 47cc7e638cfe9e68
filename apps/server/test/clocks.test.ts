import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

const run = promisify(execFile);
const HOUR = 3600_000;
let env: TestEnv;
let tree: Tree;
let clerk: Session;
let admin: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  admin = await login(env, { roles: ["admin"], region: tree.county });
});

async function newCases(n: number, region = tree.grid) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, () =>
        call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(region) }),
      ),
    );
    ids.push(...batch.map((r) => r.json().id as string));
  }
  return ids;
}

const eventsOf = (ids: string[], type: string) =>
  env.ctx.db
    .selectFrom("case_events")
    .select(["case_id", "data"])
    .where("case_id", "in", ids)
    .where("type", "=", type)
    .execute();

describe("the clock sweep", () => {
  it("turns a case yellow at 75% of its step and escalates it when the step runs out", async () => {
    const [id] = await newCases(1);
    await env.ctx.clock.advance(19 * HOUR);
    await sweepClocks(env.ctx);
    const yellow = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json();
    expect(yellow).toMatchObject({ warning: "yellow", step: 1 });
    await env.ctx.clock.advance(6 * HOUR);
    await sweepClocks(env.ctx);
    const escalated = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json();
    expect(escalated).toMatchObject({ step: 2, warning: "red" });
    const last = escalated.timeline.filter((e: { type: string }) => e.type === "case.escalated").at(-1);
    expect(last.data).toMatchObject({ auto: true, fromStep: 1, toStep: 2 });
    // The next step's clock starts when the first one ran out: 2 days from then.
    expect(Date.parse(escalated.stepDueAt) - Date.parse(escalated.createdAt)).toBe(3 * 24 * HOUR);
    // The village (step 2 组团) is told through the outbox.
    const notices = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "case.step_notice")
      .execute();
    const toVillage = notices
      .map((n) => n.payload as Record<string, unknown>)
      .find((p) => p.caseId === id && p.step === 2);
    expect(toVillage).toMatchObject({ level: "village", targetRegion: tree.village });
  });

  it("is idempotent: a second sweep right after finds nothing to do", async () => {
    await newCases(3);
    await env.ctx.clock.advance(25 * HOUR);
    await sweepClocks(env.ctx);
    expect(await sweepClocks(env.ctx)).toEqual({
      escalated: 0,
      overdue: 0,
      warned: 0,
      callbacksOverdue: 0,
      tasksSupervised: 0,
    });
  });

  it("catches up after downtime: a week later every step has escalated once and the case is overdue", async () => {
    const [id] = await newCases(1);
    await env.ctx.clock.advance(8 * 24 * HOUR);
    await sweepClocks(env.ctx);
    const c = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json();
    expect(c).toMatchObject({ step: 4, warning: "red" });
    const types = c.timeline.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === "case.escalated")).toHaveLength(3);
    expect(types).toContain("case.step_overdue");
    expect(types).toContain("case.overall_overdue");
    const notices = await env.ctx.db
      .selectFrom("outbox")
      .select("payload")
      .where("topic", "=", "case.step_notice")
      .execute();
    expect(notices.filter((n) => (n.payload as { caseId: string }).caseId === id)).toHaveLength(4);
  });

  it("a paused case does not escalate; after resuming it runs again", async () => {
    const [id] = await newCases(1);
    const c = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json();
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const paused = await call(env, grid, {
      method: "POST",
      url: `/api/v1/cases/${id}/commands`,
      payload: { type: "pause", reason: "等待当事人返乡", version: c.version },
    });
    await env.ctx.clock.advance(3 * 24 * HOUR);
    await sweepClocks(env.ctx);
    const still = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json();
    expect(still).toMatchObject({ status: "paused", step: 1 });
    await call(env, grid, {
      method: "POST",
      url: `/api/v1/cases/${id}/commands`,
      payload: { type: "resume", version: paused.json().version },
    });
    await env.ctx.clock.advance(25 * HOUR);
    await sweepClocks(env.ctx);
    expect((await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json().step).toBe(2);
  });

  it("skips a case staff hold right now, goes on past it batch after batch, and escalates it next time", async () => {
    const [held, ...rest] = await newCases(5);
    await env.ctx.clock.advance(25 * HOUR);
    // A cadre's command holds the case with the earliest clock while the sweep runs in batches of two.
    let release = () => {};
    let locked = () => {};
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = env.ctx.db.transaction().execute(async (tx) => {
      await sql`SELECT 1 FROM cases WHERE id = ${held} FOR UPDATE`.execute(tx);
      locked();
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await isLocked;
    const first = await sweepClocks(env.ctx, { batchSize: 2, workers: 1 });
    release();
    await holder;
    const stepOf = async (id: string) =>
      (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json().step;
    expect(first.escalated).toBe(4);
    for (const id of rest) expect(await stepOf(id)).toBe(2);
    expect(await stepOf(held as string)).toBe(1);
    expect((await sweepClocks(env.ctx, { batchSize: 2, workers: 1 })).escalated).toBe(1);
    expect(await stepOf(held as string)).toBe(2);
  });

  it("the admin test-clock endpoint moves time and sweeps; others may not use it", async () => {
    const [id] = await newCases(1);
    const denied = await call(env, clerk, {
      method: "POST",
      url: "/api/v1/admin/clock/advance",
      payload: { by: "P1D" },
    });
    expect(denied.statusCode).toBe(403);
    const res = await call(env, admin, {
      method: "POST",
      url: "/api/v1/admin/clock/advance",
      payload: { by: "P1DT1M" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().swept.escalated).toBeGreaterThanOrEqual(1);
    expect((await call(env, clerk, { method: "GET", url: `/api/v1/cases/${id}` })).json().step).toBe(2);
    const back = await call(env, admin, {
      method: "POST",
      url: "/api/v1/admin/clock/advance",
      payload: { by: "-P1D" },
    });
    expect(back.statusCode).toBe(400);
  });
});

describe("two server processes on one database", () => {
  // Two tsx processes boot and sweep: slow to start on a loaded machine, not slow to sweep.
  it("never escalate a case twice and never miss one", async () => {
    const ids = await newCases(300, tree.otherGrid);
    await env.ctx.clock.advance(25 * HOUR);
    const script = path.resolve(__dirname, "fixtures/sweeper.ts");
    const tsx = path.resolve(__dirname, "../../../node_modules/.bin/tsx");
    const sweepers = await Promise.all(
      [1, 2].map(() =>
        run(tsx, [script, env.databaseUrl, "3", "40"], { cwd: path.resolve(__dirname, "../../..") }),
      ),
    );
    const perProcess = sweepers.map((s) => JSON.parse(s.stdout).escalated as number);
    const escalations = await eventsOf(ids, "case.escalated");
    expect(escalations).toHaveLength(300);
    expect(new Set(escalations.map((e) => e.case_id)).size).toBe(300);
    expect(perProcess.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    const wrongStep = await env.ctx.db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("id", "in", ids)
      .where("step", "!=", 2)
      .executeTakeFirst();
    expect(Number(wrongStep?.n)).toBe(0);
    const due = await sql<{ n: string }>`SELECT count(*) AS n FROM clocks WHERE case_id = ANY(${ids}::uuid[])
      AND kind = 'step' AND stopped_at IS NULL AND due_at <= ${env.ctx.clock.now()}`.execute(env.ctx.db);
    expect(Number(due.rows[0]?.n)).toBe(0);
  }, 120_000);
});
