// Chaos: 3 real `fengqiao start` processes on one PostgreSQL, sweeping and serving while a loop kills
// one at random (kill -9) and restarts it, with cases created and notes written throughout and the
// test clock moving so clocks run out meanwhile; halfway, PostgreSQL itself is killed -9 and
// restarted. Afterwards: no clock missed, none fired twice, every acknowledged write present, the
// audit chain intact, and no answer was a 5xx other than 503 DB_UNAVAILABLE with retry-after.
// Bounded by FENGQIAO_CHAOS_SECONDS (20 in npm test; `npm run chaos` runs longer).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { appContext } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { createDb, type Db } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { ensureDefaultPolicies } from "../src/modules/policies/rules";
import { type Answer, badAnswer, type Staff, send, sleep } from "./fixtures/chaos-client";
import { killNode, type NodeProc, nodeEnv, startNode, waitHealthy } from "./fixtures/node-proc";
import {
  freePort,
  killServer,
  type PgServer,
  removeServer,
  restartServer,
  startPrimary,
} from "./fixtures/pg-cluster";
import { makeTree, sampleCase } from "./helpers";

const SECONDS = Number(process.env.FENGQIAO_CHAOS_SECONDS ?? 20);
const logDir = mkdtempSync(path.join(os.tmpdir(), "fq-chaos-"));
const logFile = path.join(logDir, "nodes.log");
let primary: PgServer | null = null;
let db: Db | null = null;
const nodes: NodeProc[] = [];

afterAll(async () => {
  for (const n of nodes) await killNode(n);
  await db?.destroy();
  if (primary) removeServer(primary);
  rmSync(logDir, { recursive: true, force: true });
}, 120_000);

interface Acked {
  id: string;
  code: string;
  version: number;
}

it(`keeps every promise through ${SECONDS} s of kill -9 (nodes and PostgreSQL)`, {
  timeout: (SECONDS + 600) * 1000,
}, async () => {
  const t0 = Date.now();
  primary = await startPrimary();
  const admin = new pg.Client({ connectionString: primary.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE fengqiao");
  await admin.end();
  const url = primary.url("fengqiao");
  await migrate(url);
  const config = {
    ...loadConfig({ NODE_ENV: "test", FENGQIAO_TEST_CLOCK: "1", FENGQIAO_SECRET_KEY: "ab".repeat(32) }),
    databaseUrl: url,
  };
  db = createDb(url, 3);
  await ensureDefaultPolicies(db);
  const ctx = appContext(config, db);
  const tree = await makeTree(ctx);
  await db
    .insertInto("users")
    .values({
      username: "chaos",
      display_name: "chaos",
      password_hash: await hash("chaos-password-1"),
      roles: ["center_staff"],
      region_code: tree.township,
      unit_id: null,
    })
    .execute();

  const ports = [await freePort(), await freePort(), await freePort()];
  for (const p of ports) nodes.push(startNode(url, p, logFile));
  for (const n of nodes) {
    const up = await waitHealthy(n);
    expect(up, readFileSync(logFile, "utf8").slice(-2000)).toBe(true);
  }
  // One login on one node; the session and its CSRF token work on every node (they live in PostgreSQL).
  const loginRes = await fetch(`http://127.0.0.1:${ports[0]}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "chaos", password: "chaos-password-1" }),
  });
  expect(loginRes.status).toBe(200);
  const staff: Staff = {
    cookie: (loginRes.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
    csrf: ((await loginRes.json()) as { csrfToken: string }).csrfToken,
  };

  const acked: Acked[] = [];
  const notes: { caseId: string; text: string }[] = [];
  const bad: string[] = [];
  let kills = 0;
  let outage503 = 0;
  let stop = false;
  let pgDown = false;
  let killerPaused = false;
  const check = (a: Answer | null) => {
    const why = a && badAnswer(a);
    if (why) bad.push(why);
    return a;
  };
  const livePort = () => {
    const up = nodes.filter((n) => n.alive());
    return (up[Math.floor(Math.random() * up.length)] ?? nodes[0])?.port as number;
  };

  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const a = check(
        await send(
          livePort(),
          staff,
          "POST",
          "/api/v1/cases",
          sampleCase(tree.grid, { title: `混沌测试 ${w}-${i}` }),
        ),
      );
      if (a?.status === 201) {
        const c = JSON.parse(a.body) as Acked;
        acked.push({ id: c.id, code: c.code, version: c.version });
      } else if (a?.status === 503 && pgDown) outage503 += 1;
      const target = acked[Math.floor(Math.random() * acked.length)];
      if (!target) continue;
      const text = `chaos-note-${w}-${i}`;
      const n = check(
        await send(livePort(), staff, "POST", `/api/v1/cases/${target.id}/commands`, {
          type: "note",
          version: target.version,
          text,
        }),
      );
      if (n?.status === 200) {
        notes.push({ caseId: target.id, text });
        target.version = (JSON.parse(n.body) as Acked).version;
      } else if (n?.status === 409) {
        const g = check(await send(livePort(), staff, "GET", `/api/v1/cases/${target.id}`));
        if (g?.status === 200) target.version = (JSON.parse(g.body) as Acked).version;
      }
    }
  };
  // Time moves half a day every second, so ladder steps (1–2 working days) run out during the run.
  const clockMover = async () => {
    while (!stop) {
      await ctx.clock.advance(12 * 3600_000).catch(() => {});
      await sleep(1000);
    }
  };
  // One node at a time: kill -9, restart, and wait until it serves again before the next kill, so the
  // others keep serving (as systemd's Restart=always would); how many kills fit depends on the machine.
  const killer = async () => {
    while (!stop) {
      await sleep(500 + Math.random() * 1500);
      if (stop || killerPaused) continue;
      const i = Math.floor(Math.random() * nodes.length);
      await killNode(nodes[i] as NodeProc);
      kills += 1;
      nodes[i] = startNode(url, ports[i] as number, logFile);
      await waitHealthy(nodes[i] as NodeProc);
    }
  };

  const started = Date.now();
  const phase = (m: string) =>
    process.stderr.write(`[chaos] ${((Date.now() - t0) / 1000).toFixed(1)} s ${m}\n`);
  phase("nodes up, load starts");
  const work = Promise.all([writer(1), writer(2), clockMover(), killer()]);
  await sleep((SECONDS * 1000) / 2);

  phase("PostgreSQL phase");
  // PostgreSQL dies: every node answers 503 + retry-after meanwhile and reconnects by itself after.
  killerPaused = true;
  for (const n of nodes) expect(await waitHealthy(n)).toBe(true);
  const pids = nodes.map((n) => n.child.pid);
  pgDown = true;
  await killServer(primary);
  for (const p of ports) {
    const a = check(await send(p, staff, "GET", "/api/v1/cases?limit=5"));
    expect(a?.status).toBe(503);
    expect(a?.retryAfter).toBeTruthy();
    outage503 += 1;
  }
  await sleep(1500);
  await restartServer(primary);
  pgDown = false;
  for (const p of ports) {
    let ok = false;
    for (let t = 0; t < 150 && !ok; t++) {
      ok = (check(await send(p, staff, "GET", "/api/v1/cases?limit=5"))?.status ?? 0) === 200;
      if (!ok) await sleep(200);
    }
    expect(ok, `node on ${p} did not reconnect`).toBe(true);
  }
  expect(nodes.map((n) => n.child.pid)).toEqual(pids); // the same processes: nobody restarted them
  killerPaused = false;
  phase("PostgreSQL back");

  await sleep(Math.max(0, SECONDS * 1000 - (Date.now() - started)));
  stop = true;
  await work;

  // Every node up again; a month later every clock that ran out must have fired, exactly once.
  for (const [i, n] of nodes.entries()) {
    if (!n.alive() || !(await waitHealthy(n, 5))) nodes[i] = startNode(url, ports[i] as number, logFile);
    expect(await waitHealthy(nodes[i] as NodeProc)).toBe(true);
  }
  phase(`load stopped: ${acked.length} cases, ${notes.length} notes, ${kills} kills`);
  await ctx.clock.advance(30 * 86400_000);
  const pending = async () => {
    await ctx.clock.refresh();
    return dueUnfired(db as Db, ctx.clock.now());
  };
  let left = await pending();
  for (let t = 0; t < 300 && left > 0; t++) {
    await sleep(300);
    left = await pending();
  }
  expect(left, "due clocks never fired").toBe(0);
  phase("clocks settled");

  const found = await (db as Db)
    .selectFrom("cases")
    .select("code")
    .where("code", "in", acked.map((a) => a.code).concat("-"))
    .execute();
  expect(found.length).toBe(acked.length);
  const noted = await (db as Db)
    .selectFrom("case_events")
    .select(["case_id", "data"])
    .where("type", "=", "case.noted")
    .execute();
  const notedTexts = new Set(noted.map((e) => `${e.case_id}|${JSON.stringify(e.data)}`));
  for (const n of notes)
    expect(
      [...notedTexts].some((t) => t.startsWith(`${n.caseId}|`) && t.includes(n.text)),
      n.text,
    ).toBe(true);

  const fired = await (db as Db)
    .selectFrom("clocks")
    .select(["case_id", "kind", "due_at"])
    .where("fired_at", "is not", null)
    .where("kind", "in", ["step", "overall"])
    .execute();
  const events = await (db as Db)
    .selectFrom("case_events")
    .select(["case_id", "type", "data"])
    .where("type", "in", ["case.escalated", "case.step_overdue", "case.overall_overdue"])
    .execute();
  const perClock = new Map<string, number>();
  for (const e of events) {
    const due = (e.data as { dueAt?: string } | null)?.dueAt;
    if (!due) continue; // a person's escalation, not a clock's
    const kind = e.type === "case.overall_overdue" ? "overall" : "step";
    const key = `${e.case_id}|${kind}|${new Date(due).getTime()}`;
    perClock.set(key, (perClock.get(key) ?? 0) + 1);
  }
  for (const k of fired) {
    expect(
      perClock.get(`${k.case_id}|${k.kind}|${new Date(k.due_at).getTime()}`) ?? 0,
      `clock ${k.kind} of ${k.case_id}`,
    ).toBe(1);
  }
  expect([...perClock.values()].reduce((a, b) => a + b, 0)).toBe(fired.length);

  const verify = spawnSync(
    process.execPath,
    [fileURLToPath(new URL("../bin/fengqiao.mjs", import.meta.url)), "audit", "verify"],
    {
      env: nodeEnv(url),
      encoding: "utf8",
    },
  );
  expect(verify.status, verify.stderr).toBe(0);
  expect(verify.stdout).toContain("audit chain intact");

  expect(bad, bad.slice(0, 5).join("\n")).toEqual([]);
  // The run did what it claims: kills, writes, clocks, an outage.
  expect(kills).toBeGreaterThan(0);
  expect(acked.length).toBeGreaterThan(5);
  expect(notes.length).toBeGreaterThan(0);
  expect(fired.length).toBeGreaterThan(0);
  expect(outage503).toBeGreaterThanOrEqual(3);
});

async function dueUnfired(db: Db, now: Date): Promise<number> {
  const r = await db
    .selectFrom("clocks")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("stopped_at", "is", null)
    .where("fired_at", "is", null)
    .where("paused_at", "is", null)
    .where("due_at", "<=", new Date(now.getTime() - 5_000))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
