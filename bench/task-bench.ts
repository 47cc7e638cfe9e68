import pg from "pg";
import { sweepClocks } from "../apps/server/src/jobs/clock-sweep";
import { benchDatabase, benchRegions, bulkCases } from "./setup";

// (7) 交办督办: `n` signed tasks whose reply deadline passed (say, after a holiday) — the sweep issues
// the yellow 督办单 of each (task row, the event on the task's own hash chain, the reply clock fired,
// the red clock started, a digest to the unit) against a raw UPDATE of the same task rows.

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export async function loadTasks(url: string, n: number, due: Date) {
  await benchRegions(url, 2);
  await bulkCases(url, n, { dueAt: null, prefix: "T" });
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO units (kind, name, region_code, stationing) VALUES ('department', '县自然资源局', '629901', 'resident')`,
  );
  await c.query(
    `WITH t AS (
      INSERT INTO tasks (case_id, unit_id, role, instructions, counting, days, status, dispatched_at,
        sign_due_at, due_at, signed_at, basis)
      SELECT c.id, (SELECT id FROM units LIMIT 1), 'lead', '核实', 'working', 2, 'signed',
        $1::timestamptz - interval '3 days', $1::timestamptz - interval '2 days', $1, $1::timestamptz - interval '2 days', '本县交办督办办法'
      FROM cases c RETURNING id, case_id, dispatched_at, due_at)
    INSERT INTO clocks (case_id, kind, step, subject_id, started_at, due_at, warn_at, warned_at, basis)
    SELECT case_id, 'task.reply', NULL, id, dispatched_at, due_at, due_at - interval '1 day', due_at - interval '1 day', '本县交办督办办法'
    FROM t`,
    [due],
  );
  await c.query("VACUUM ANALYZE");
  await c.query("CHECKPOINT").catch(() => {});
  await c.end();
}

export async function benchTasks(n = Number(process.env.BENCH_TASKS ?? 100_000)) {
  const due = new Date(Date.now() - 60_000);
  const raw = await benchDatabase("fq_bench_tasks_raw");
  await loadTasks(raw.url, n, due);
  const c = new pg.Client({ connectionString: raw.url });
  await c.connect();
  const t1 = performance.now();
  await c.query(`UPDATE tasks SET supervision = 'yellow', overdue_stage = 'reply', yellow_at = now()
    WHERE id IN (SELECT subject_id FROM clocks WHERE kind = 'task.reply' AND due_at <= now() AND fired_at IS NULL)`);
  const rawSeconds = (performance.now() - t1) / 1000;
  // Context, not the target: the same rows' cases too (the sweep must append to each case's timeline).
  const t2 = performance.now();
  await c.query(`UPDATE cases SET version = version + 1, updated_at = now()
    WHERE id IN (SELECT case_id FROM tasks WHERE supervision = 'yellow')`);
  const rawCasesSeconds = (performance.now() - t2) / 1000;
  await c.end();
  await raw.close();

  const { ctx, url, close } = await benchDatabase("fq_bench_tasks");
  await loadTasks(url, n, due);
  const t0 = performance.now();
  await sweepClocks(ctx, {
    batchSize: Number(process.env.BENCH_BATCH ?? 5000),
    workers: Number(process.env.BENCH_WORKERS ?? 2),
  });
  const sweepSeconds = (performance.now() - t0) / 1000;
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const yellow = Number(
    (await check.query("SELECT count(*) AS n FROM tasks WHERE supervision = 'yellow'")).rows[0].n,
  );
  await check.end();
  await close();
  return {
    tasks: n,
    yellow,
    sweepSeconds: round(sweepSeconds, 2),
    rawUpdateSeconds: round(rawSeconds, 2),
    ratio: round(sweepSeconds / rawSeconds, 2),
    rawTasksAndCasesSeconds: round(rawSeconds + rawCasesSeconds, 2),
    ratioToTasksAndCases: round(sweepSeconds / (rawSeconds + rawCasesSeconds), 2),
  };
}
