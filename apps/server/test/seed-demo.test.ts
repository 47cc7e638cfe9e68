import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/seed/demo";
import { type TestEnv, testEnv } from "./helpers";

let env: TestEnv;

beforeAll(async () => {
  env = await testEnv();
  expect(await seedDemo(env.ctx)).toBe(true);
}, 120_000);

describe("the demo county", () => {
  it("looks like a working county: mostly on time, a few yellow, a couple red", async () => {
    const rows = await env.ctx.db.selectFrom("cases").select(["warning", "status"]).execute();
    const count = (w: string) => rows.filter((r) => r.warning === w).length;
    expect(rows.length).toBe(49);
    expect(count("red")).toBeGreaterThanOrEqual(1);
    expect(count("red")).toBeLessThanOrEqual(Math.ceil(rows.length * 0.1));
    expect(count("yellow")).toBeGreaterThanOrEqual(1);
    expect(count("yellow")).toBeLessThanOrEqual(Math.ceil(rows.length * 0.15));
    expect(count("blue")).toBeGreaterThan(rows.length * 0.75);
  });

  it("has work on every rung, the township's decision included", async () => {
    const steps = await env.ctx.db
      .selectFrom("cases")
      .select("step")
      .where("status", "in", ["submitted", "accepted", "mediating", "paused"])
      .execute();
    for (const step of [1, 2, 4]) expect(steps.some((r) => r.step === step)).toBe(true);
  });

  it("shows 交办督办 at work: the 人社局's unsigned task under a yellow 督办单, another signed, a co-task", async () => {
    const tasks = await env.ctx.db
      .selectFrom("tasks")
      .innerJoin("units", "units.id", "tasks.unit_id")
      .innerJoin("cases", "cases.id", "tasks.case_id")
      .select([
        "units.name",
        "tasks.role",
        "tasks.status",
        "tasks.supervision",
        "tasks.overdue_stage",
        "cases.step",
      ])
      .execute();
    expect(tasks).toHaveLength(3);
    const late = tasks.find((t) => t.supervision === "yellow");
    // On the center's rung (or the township's, when a weekend made the 签收 wait long enough).
    expect(late).toMatchObject({ role: "lead", status: "dispatched", overdue_stage: "sign" });
    expect(late?.step).toBeGreaterThanOrEqual(3);
    expect(tasks.filter((t) => t.status === "signed")).toHaveLength(1);
    expect(tasks.some((t) => t.role === "co")).toBe(true);
  });

  it("finds its villages by pinyin from the start", async () => {
    const row = await env.ctx.db
      .selectFrom("regions")
      .select(["pinyin"])
      .where("name", "=", "梁家墩村")
      .executeTakeFirstOrThrow();
    expect(row.pinyin).toMatch(/^ljdc /);
  });

  it("gives the field app households with special groups and a running township screening", async () => {
    const tagged = await env.ctx.db
      .selectFrom("households")
      .select("tags")
      .where("grid_code", "in", ["620702100201001", "620702100201002"])
      .execute();
    expect(tagged.length).toBeGreaterThanOrEqual(4);
    const tags = tagged.flatMap((h) => h.tags);
    expect(tags).toContain("独居老人");
    expect(tags).toContain("留守儿童");
    const running = await env.ctx.db
      .selectFrom("campaigns")
      .select("title")
      .where("starts_at", "<=", env.ctx.clock.now())
      .where("due_at", ">=", env.ctx.clock.now())
      .execute();
    expect(running.map((c) => c.title)).toContain("婚恋家庭纠纷排查");
  });
});
