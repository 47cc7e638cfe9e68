import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobs } from "../src/jobs/timers";
import { call, login, makeTree, sampleCase, type TestEnv, testEnv } from "./helpers";

// A hung SMS gateway must not delay the ladder: notices are delivered on their own timer, outside any
// transaction, while the sweep escalates on time.
let env: TestEnv;
let gateway: Server;
let hits = 0;

beforeAll(async () => {
  env = await testEnv();
  gateway = createServer(() => {
    hits += 1; // never answers
  });
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", () => r()));
});

afterAll(async () => {
  gateway.closeAllConnections();
  await new Promise<void>((r) => gateway.close(() => r()));
});

describe("notice delivery apart from the clocks", () => {
  it("escalates on time while the webhook hangs, and holds no transaction open meanwhile", async () => {
    const tree = await makeTree(env.ctx);
    const hotline = await login(env, { roles: ["center_staff"], region: tree.county });
    const created = await call(env, hotline, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(tree.grid),
    });
    expect(created.statusCode, created.body).toBe(201);
    const code = created.json().code as string;
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    const ctx = {
      ...env.ctx,
      config: {
        ...env.ctx.config,
        notifyAdapter: "webhook" as const,
        notifyWebhookUrl: url,
        sweepIntervalMs: 50,
      },
    };
    const errors: unknown[] = [];
    const jobs = startJobs(
      ctx,
      () => {},
      (e) => errors.push(e),
    );
    try {
      // The new case's notice is now stuck in the gateway (10 s timeout) …
      await waitFor(() => hits > 0);
      // … and the step runs out: the sweep must escalate within a few ticks, not after the gateway.
      await env.ctx.clock.advance(25 * 3600_000);
      const escalated = await waitFor(async () => {
        const row = await env.ctx.db
          .selectFrom("cases")
          .select("step")
          .where("code", "=", code)
          .executeTakeFirst();
        return row?.step === 2;
      });
      expect(escalated).toBe(true);
      // The gateway has hung for seconds now: no transaction of this database may have been open that
      // long (the sweep's own are short; delivery holds none while it waits).
      await new Promise((r) => setTimeout(r, 3000));
      const open = await sql<{ n: string }>`
        SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
          AND xact_start < now() - interval '2 seconds'`.execute(env.ctx.db);
      expect(Number(open.rows[0]?.n)).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      void jobs.stop(); // its webhook hangs on purpose: do not wait for the delivery in flight
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
