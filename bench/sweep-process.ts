// One app process's sweep, for the 2-process escalation burst (bench (2)): connects to the database
// in argv[2], says "ready" once its pool and rules are warm, sweeps when told "go" on stdin, and
// prints what it did as one JSON line. Run by benchEscalate, never on its own.
import { appContext } from "../apps/server/src/bootstrap";
import { loadConfig } from "../apps/server/src/config";
import { createDb } from "../apps/server/src/db/database";
import { sweepClocks } from "../apps/server/src/jobs/clock-sweep";

const url = process.argv[2] as string;
const db = createDb(url, 20);
const config = {
  ...loadConfig({ NODE_ENV: "test", FENGQIAO_TEST_CLOCK: "1", FENGQIAO_SECRET_KEY: "cd".repeat(32) }),
  databaseUrl: url,
};
const ctx = appContext(config, db);
await ctx.rules.policy("siji-qitian"); // the rules cache, as in a process that has been running
await ctx.clock.refresh();
process.stdout.write("ready\n");
process.stdin.once("data", async () => {
  const r = await sweepClocks(ctx, {
    batchSize: Number(process.env.BENCH_BATCH ?? 5000),
    workers: Number(process.env.BENCH_WORKERS ?? 2),
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  await db.destroy();
  process.exit(0);
});
