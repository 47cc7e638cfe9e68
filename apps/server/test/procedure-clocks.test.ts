import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { PROCEDURE_CLOCKS, type ProcedureClockHandler } from "../src/jobs/procedure-clocks";
import { changeCase } from "../src/modules/cases/case-change";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// The engine every procedure (交办 tasks, summons, petitions …) runs its deadlines on: a procedure's
// clock is claimed with the ladder's, its handler is asked in one batch, the case takes the result on
// the one transition path, and a case pause does not stop a procedure's deadline.

const HOUR = 3600_000;
let env: TestEnv;
let tree: Tree;
let clerk: Session;
const seen: { on: string; kinds: string[] }[] = [];

const probe: ProcedureClockHandler = {
  kinds: ["probe.reply"],
  warnKinds: ["probe.reply"],
  async onClocks({ on, items, now }) {
    seen.push({ on, kinds: items.flatMap((i) => i.clocks.map((k) => k.kind)) });
    return new Map(
      items.map((i) => [
        i.caseRow.id,
        {
          type: "procedure" as const,
          events: [{ type: on === "due" ? "probe.overdue" : "probe.reminded", at: now, data: {} }],
          red: on === "due",
        },
      ]),
    );
  },
};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  PROCEDURE_CLOCKS.push(probe);
});
afterAll(() => {
  PROCEDURE_CLOCKS.splice(PROCEDURE_CLOCKS.indexOf(probe), 1);
});

async function caseWithProbe(dueInHours: number) {
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid),
  });
  const id = res.json().id as string;
  const subject = "00000000-0000-4000-8000-000000000001";
  const now = env.ctx.clock.now();
  await env.ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await changeCase({
      ctx: env.ctx,
      tx,
      row,
      now,
      actorId: null,
      cause: {
        type: "procedure",
        events: [{ type: "probe.started", at: now, data: {} }],
        clockOps: [
          {
            op: "start",
            clock: {
              kind: "probe.reply",
              step: null,
              subjectId: subject,
              startedAt: now,
              dueAt: new Date(now.getTime() + dueInHours * HOUR),
              warnAt: new Date(now.getTime() + (dueInHours - 1) * HOUR),
              basis: "test",
            },
          },
        ],
      },
    });
  });
  return id;
}

const clockOf = (id: string) =>
  env.ctx.db
    .selectFrom("clocks")
    .selectAll()
    .where("case_id", "=", id)
    .where("kind", "=", "probe.reply")
    .executeTakeFirstOrThrow();

describe("procedure clocks on the one engine", () => {
  it("warns, then fires once: the case's timeline says so and the case turns red", async () => {
    const id = await caseWithProbe(3);
    await env.ctx.clock.advance(2.5 * HOUR);
    await sweepClocks(env.ctx);
    expect((await clockOf(id)).warned_at).not.toBeNull();
    await env.ctx.clock.advance(1 * HOUR);
    await sweepClocks(env.ctx);
    await sweepClocks(env.ctx); // a rerun finds nothing left
    const types = (
      await env.ctx.db
        .selectFrom("case_events")
        .select("type")
        .where("case_id", "=", id)
        .orderBy("seq")
        .execute()
    ).map((e) => e.type);
    expect(types.filter((t) => t.startsWith("probe."))).toEqual([
      "probe.started",
      "probe.reminded",
      "probe.overdue",
    ]);
    const clock = await clockOf(id);
    expect(clock.fired_at).not.toBeNull();
    expect(clock.subject_id).toBe("00000000-0000-4000-8000-000000000001");
    const c = await env.ctx.db
      .selectFrom("cases")
      .select(["warning", "missed_deadline"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(c).toEqual({ warning: "red", missed_deadline: true });
    expect(seen.some((s) => s.on === "warn") && seen.some((s) => s.on === "due")).toBe(true);
  });

  it("a case pause stops the ladder but not a procedure's deadline", async () => {
    const id = await caseWithProbe(10);
    const version = async () =>
      (await env.ctx.db.selectFrom("cases").select("version").where("id", "=", id).executeTakeFirstOrThrow())
        .version;
    const command = async (payload: Record<string, unknown>) =>
      call(env, clerk, {
        method: "POST",
        url: `/api/v1/cases/${id}/commands`,
        payload: { ...payload, version: await version() },
      });
    expect((await command({ type: "accept" })).statusCode).toBe(200);
    const paused = await command({ type: "pause", reason: "等待当事人" });
    expect(paused.statusCode).toBe(200);
    const rows = await sql<{ kind: string; paused: boolean }>`
      SELECT kind, paused_at IS NOT NULL AS paused FROM clocks WHERE case_id = ${id} AND stopped_at IS NULL ORDER BY kind`.execute(
      env.ctx.db,
    );
    expect(rows.rows).toEqual([
      { kind: "overall", paused: true },
      { kind: "probe.reply", paused: false },
      { kind: "step", paused: true },
    ]);
  });
});
