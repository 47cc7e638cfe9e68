import { replay } from "@fengqiao/core";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { stateOf } from "../src/modules/cases/case-store";
import {
  call,
  login,
  makeTree,
  runCli,
  type Session,
  sampleCase,
  type TestEnv,
  type Tree,
  testEnv,
} from "./helpers";

let env: TestEnv;
let tree: Tree;
let township: Session;
let admin: Session;

async function caseWithHistory() {
  const c = (
    await call(env, township, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
  ).json();
  let v = c.version;
  for (const body of [
    { type: "accept" },
    { type: "recordMediation", success: false, summary: "首调未成" },
    { type: "pause", reason: "等待" },
    { type: "resume" },
    { type: "escalate", reason: "上报" },
  ]) {
    const res = await call(env, township, {
      method: "POST",
      url: `/api/v1/cases/${c.id}/commands`,
      payload: { ...body, version: v },
    });
    expect(res.statusCode, res.body).toBe(200);
    v = res.json().version;
  }
  return c as { id: string; code: string };
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  township = await login(env, { roles: ["township_leader"], region: tree.township });
  admin = await login(env, { roles: ["admin"], region: tree.county });
});

describe("the audit trail", () => {
  it("every case's events replay to its current state, sweeps included", async () => {
    for (let i = 0; i < 3; i++) await caseWithHistory();
    await env.ctx.clock.advance(3 * 24 * 3600_000);
    await sweepClocks(env.ctx);
    const cases = await env.ctx.db.selectFrom("cases").selectAll().execute();
    for (const row of cases) {
      const events = await env.ctx.db
        .selectFrom("case_events")
        .select(["type", "at", "data"])
        .where("case_id", "=", row.id)
        .orderBy("seq")
        .execute();
      const replayed = replay(
        row.step_count,
        events.map((e) => ({ type: e.type, at: new Date(e.at), data: e.data as Record<string, unknown> })),
      );
      expect(replayed).toEqual(stateOf(row));
    }
  });

  it("is append-only in the database", async () => {
    await expect(sql`UPDATE case_events SET type = 'x'`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM case_events`.execute(env.ctx.db)).rejects.toThrow(/append-only/);
  });

  it("verifies intact, and reports the first broken link after a row is altered behind the app's back", async () => {
    const c = await caseWithHistory();
    const ok = await call(env, admin, { method: "GET", url: "/api/v1/admin/audit/verify" });
    expect(ok.json()).toMatchObject({ ok: true, firstBroken: null });
    expect((await runCli(env, ["audit", "verify"])).code).toBe(0);

    await sql`ALTER TABLE case_events DISABLE TRIGGER case_events_append_only`.execute(env.ctx.db);
    await sql`UPDATE case_events SET data = jsonb_set(data, '{reason}', '"改过的理由"')
      WHERE case_id = ${c.id} AND type = 'case.paused'`.execute(env.ctx.db);
    await sql`ALTER TABLE case_events ENABLE TRIGGER case_events_append_only`.execute(env.ctx.db);

    const broken = (await call(env, admin, { method: "GET", url: "/api/v1/admin/audit/verify" })).json();
    expect(broken.ok).toBe(false);
    expect(broken.firstBroken).toMatchObject({
      caseCode: c.code,
      seq: 4,
      reason: "event content was altered",
    });
    const cli = await runCli(env, ["audit", "verify"]);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`BROKEN at case ${c.code} event #4`);
  });

  it("only admins may verify", async () => {
    expect((await call(env, township, { method: "GET", url: "/api/v1/admin/audit/verify" })).statusCode).toBe(
      403,
    );
  });
});
