import { execFile, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { buildApp } from "../apps/server/src/app";
import { sweepClocks } from "../apps/server/src/jobs/clock-sweep";
import { benchDatabase, benchRegions, benchUser, bulkCases, PASSWORD } from "./setup";

const run = promisify(execFile);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken };
}

const caseBody = (grid: string) =>
  JSON.stringify({
    channel: "hotline",
    category: "neighbour",
    title: "邻居装修噪音扰民",
    description: "楼上邻居夜间装修，噪音严重影响休息，多次沟通无果。",
    regionCode: grid,
    reporter: { name: "张三", phone: "13800001234" },
  });

const RAW_INSERT = `
  WITH c AS (
    INSERT INTO cases (id, code, channel, category, services, title, description, search, parties, reporter_name,
      reporter_phone_enc, reporter_phone_hash, reporter_phone_last4, region_code, region_path, policy_key, status,
      step, step_count, high_risk, missed_deadline, warning, step_due_at, step_warn_at, overall_due_at,
      calendar_unknown_years, last_event_hash, event_count, created_by, created_at, updated_at)
    VALUES ($1, $2, 'hotline', 'neighbour', '{}', $3, $4, to_tsvector('simple', $5), '[]'::jsonb, '张三', $6, $7, '1234',
      $8, $9, 'siji-qitian', 'submitted', 1, 4, false, false, 'blue', now() + interval '1 day',
      now() + interval '18 hours', now() + interval '7 days', '{}'::int[], 'f', 1, NULL, now(), now())
    RETURNING *
  ), k AS (
    INSERT INTO clocks (case_id, kind, step, started_at, due_at, warn_at, basis)
    SELECT case_id, kind, step, started_at, due_at, warn_at, basis FROM jsonb_to_recordset($10::jsonb)
      AS x(case_id uuid, kind text, step int, started_at timestamptz, due_at timestamptz, warn_at timestamptz, basis text)
  ), e AS (
    INSERT INTO case_events (case_id, seq, type, at, actor_id, data, prev_hash, hash)
    SELECT case_id, seq, type, at, actor_id, data, prev_hash, hash FROM jsonb_to_recordset($11::jsonb)
      AS x(case_id uuid, seq int, type text, at timestamptz, actor_id uuid, data jsonb, prev_hash text, hash text)
  ), n AS (
    INSERT INTO outbox (topic, payload, created_at, available_at)
    SELECT topic, payload, now(), now() FROM jsonb_to_recordset($12::jsonb) AS x(topic text, payload jsonb)
  )
  SELECT * FROM c`;

/** (1) create-case API throughput ÷ raw SQL throughput of the same insert transaction. */
export async function benchCreate() {
  const { ctx, url, close } = await benchDatabase("fq_bench_create");
  const grids = await benchRegions(url, 2);
  const grid = grids[0]?.code as string;
  await benchUser(url, "clerk", ["center_staff"], "629901");
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const s = await login(base, "clerk");
  // The load generator runs in its own process, as clients do, so it does not share the server's event loop.
  const intake = () =>
    loadTest([
      "-m",
      "POST",
      "-c",
      String(CONNECTIONS),
      "-d",
      String(SECONDS),
      "-H",
      "content-type=application/json",
      "-H",
      `cookie=${s.cookie}`,
      "-H",
      `x-csrf-token=${s.csrf}`,
      "-b",
      caseBody(grid),
      `${base}/api/v1/cases`,
    ]);
  // Issue 11: the rollup kept by a statement trigger must keep intake within 10 % of its throughput
  // without it — measured here on the same database, the trigger switched off for one run.
  // A warm-up run first (JIT, caches), then trigger off and on twice, alternating, each averaged.
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  await intake();
  const runs: { on: boolean; r: Awaited<ReturnType<typeof intake>> }[] = [];
  for (const on of [false, true, false, true]) {
    await raw.query(`ALTER TABLE cases ${on ? "ENABLE" : "DISABLE"} TRIGGER cases_rollup_insert`);
    runs.push({ on, r: await intake() });
  }
  await raw.end();
  const rate = (on: boolean) => {
    const mine = runs.filter((x) => x.on === on).map((x) => x.r);
    return {
      requests: { average: mine.reduce((t, x) => t + x.requests.average, 0) / mine.length },
      non2xx: mine.reduce((t, x) => t + x.non2xx, 0),
    };
  };
  const bare = rate(false);
  const api = rate(true);
  await app.close();
  const apiRate = api.non2xx === 0 ? api.requests.average : Number.NaN;
  const bareRate = bare.non2xx === 0 ? bare.requests.average : Number.NaN;

  // The same transaction in raw SQL, statement for statement: region + serial, then one INSERT … CTE
  // for the case, its two clocks, its first event and its notice. One connection per worker, each
  // ended (and awaited) before the next benchmark: a pool's end() does not wait for its sockets.
  let done = 0;
  const until = Date.now() + SECONDS * 1000;
  const worker = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    while (Date.now() < until) {
      await c.query("BEGIN");
      const r = (
        await c.query("SELECT code, path, nextval('case_code_seq') AS n FROM regions WHERE code = $1", [grid])
      ).rows[0];
      const id = crypto.randomUUID();
      const clocks = JSON.stringify([
        {
          case_id: id,
          kind: "step",
          step: 1,
          started_at: new Date(),
          due_at: new Date(),
          warn_at: new Date(),
          basis: "b",
        },
        {
          case_id: id,
          kind: "overall",
          step: null,
          started_at: new Date(),
          due_at: new Date(),
          warn_at: new Date(),
          basis: "b",
        },
      ]);
      const events = JSON.stringify([
        {
          case_id: id,
          seq: 1,
          type: "case.submitted",
          at: new Date(),
          actor_id: null,
          data: {},
          prev_hash: "0",
          hash: "f",
        },
      ]);
      const outbox = JSON.stringify([{ topic: "case.step_notice", payload: { caseId: id } }]);
      await c.query(RAW_INSERT, [
        id,
        `raw-${r.n}`,
        "邻居装修噪音扰民",
        "楼上邻居夜间装修",
        "邻居 装修 噪音 扰民",
        "v1.x",
        "h",
        r.code,
        r.path,
        clocks,
        events,
        outbox,
      ]);
      await c.query("COMMIT");
      done += 1;
    }
    await c.end();
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  await close();
  const rawRate = done / SECONDS;
  return {
    apiPerSecond: round(apiRate),
    rawSqlPerSecond: round(rawRate),
    ratio: round(apiRate / rawRate, 2),
    apiErrors: api.non2xx,
    apiWithoutRollupPerSecond: round(bareRate),
    rollupCost: round(1 - apiRate / bareRate, 3),
  };
}

/**
 * (2) seconds to escalate 100,000 simultaneously due cases ÷ a raw UPDATE of the same rows: swept by
 * this process alone, then by 2 app processes sharing the burst (SKIP LOCKED), as a province runs it.
 */
export async function benchEscalate(n = Number(process.env.BENCH_DUE ?? 100_000)) {
  const due = new Date(Date.now() - 60_000);
  // Identical databases, each loaded, vacuumed and checkpointed before its timing, so no measurement
  // pays for another's writes.
  const raw = await benchDatabase("fq_bench_escalate_raw");
  await dueCases(raw.url, n, due);
  const c = new pg.Client({ connectionString: raw.url });
  await c.connect();
  const t1 = performance.now();
  await c.query(`UPDATE cases SET step = step + 1, version = version + 1, updated_at = now()
    WHERE id IN (SELECT case_id FROM clocks WHERE due_at <= now() AND fired_at IS NULL)`);
  const rawSeconds = (performance.now() - t1) / 1000;
  await c.end();
  await raw.close();

  const one = await benchDatabase("fq_bench_escalate");
  await dueCases(one.url, n, due);
  const t0 = performance.now();
  const r = await sweepClocks(one.ctx, {
    batchSize: Number(process.env.BENCH_BATCH ?? 5000),
    workers: Number(process.env.BENCH_WORKERS ?? 2),
  });
  const sweepSeconds = (performance.now() - t0) / 1000;
  await one.close();

  const two = await benchDatabase("fq_bench_escalate_two");
  await dueCases(two.url, n, due);
  await two.close();
  const byTwo = await sweepInProcesses(two.url, 2);
  return {
    cases: n,
    rawUpdateSeconds: round(rawSeconds, 2),
    oneProcess: {
      escalated: r.escalated,
      sweepSeconds: round(sweepSeconds, 2),
      ratio: round(sweepSeconds / rawSeconds, 2),
    },
    twoProcesses: {
      escalated: byTwo.escalated,
      sweepSeconds: round(byTwo.seconds, 2),
      ratio: round(byTwo.seconds / rawSeconds, 2),
    },
  };
}

async function dueCases(url: string, n: number, due: Date) {
  await benchRegions(url, 2);
  await bulkCases(url, n, { dueAt: due, prefix: "A" });
  await settle(url);
}

/**
 * `count` app processes (bench/sweep-process.ts) sweep the database together: timed from "go" (each
 * process connected and warm, as a running node is) until the last one has finished.
 */
async function sweepInProcesses(url: string, count: number) {
  const children = Array.from({ length: count }, () =>
    spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("./sweep-process.ts", import.meta.url)), url],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    ),
  );
  const lines = children.map((child) => {
    const out: string[] = [];
    let buf = "";
    let onLine: (() => void) | null = null;
    child.stdout.on("data", (d) => {
      buf += d;
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        out.push(buf.slice(0, i));
        buf = buf.slice(i + 1);
        onLine?.();
      }
    });
    const next = (k: number) =>
      new Promise<string>((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`sweep process exited with ${code}`)));
        const check = () => {
          if (out.length > k) resolve(out[k] as string);
        };
        onLine = check;
        check();
      });
    return next;
  });
  await Promise.all(lines.map((next) => next(0))); // "ready"
  const t0 = performance.now();
  for (const child of children) child.stdin.write("go\n");
  const results = await Promise.all(lines.map((next) => next(1)));
  const seconds = (performance.now() - t0) / 1000;
  const escalated = results.reduce((sum, l) => sum + (JSON.parse(l) as { escalated: number }).escalated, 0);
  return { seconds, escalated };
}

async function settle(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("VACUUM ANALYZE");
  await c.query("CHECKPOINT").catch(() => {}); // needs superuser on an external server; fine without
  await c.end();
}

/** (3) p50/p95 of the case list API for a township user over 1,000,000 cases. */
export async function benchList(
  n = Number(process.env.BENCH_CASES ?? 1_000_000),
  runs = Number(process.env.BENCH_LIST_RUNS ?? 100),
) {
  const { ctx, url, close } = await benchDatabase("fq_bench_list");
  const grids = await benchRegions(url, 10);
  await bulkCases(url, n, { dueAt: null, prefix: "L" });
  const township = grids[0]?.path.split(".")[3] as string;
  await benchUser(url, "township", ["township_leader"], township);
  const app = await buildApp(ctx);
  const base = await app.listen({ port: 0, host: "127.0.0.1" });
  const s = await login(base, "township");
  const queries = [
    "/api/v1/cases?limit=50",
    "/api/v1/cases?limit=50&status=accepted",
    "/api/v1/cases?limit=50&category=labour",
    `/api/v1/cases?limit=50&q=${encodeURIComponent("欠薪")}`,
    "/api/v1/cases?limit=50&sort=due",
  ];
  const out: Record<string, { p50: number; p95: number }> = {};
  for (const q of queries) {
    await autocannon({
      url: `${base}${q}`,
      connections: 4,
      amount: 4 * runs, // warm-up: only the sequential timings below are kept
      headers: { cookie: s.cookie },
    });
    const lat: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await fetch(`${base}${q}`, { headers: { cookie: s.cookie } }).then((r) => r.arrayBuffer());
      lat.push(performance.now() - t);
    }
    lat.sort((a, b) => a - b);
    const at = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length) - 1)] ?? 0;
    out[q] = { p50: round(at(0.5), 1), p95: round(at(0.95), 1) };
  }
  await app.close();
  await close();
  return { cases: n, township, latencyMs: out };
}

async function loadTest(args: string[]): Promise<{ requests: { average: number }; non2xx: number }> {
  const bin = path.resolve("node_modules/.bin/autocannon");
  const { stdout } = await run(bin, ["-j", ...args], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout);
}

const round = (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d;
