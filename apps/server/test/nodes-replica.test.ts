// Read replica: lists, dashboards and exports read a real streaming standby (Debian PostgreSQL, started
// here by pg_basebackup -R); writes and the writer's own next reads stay on the primary; a standby
// that goes away leaves reads on the primary.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { appContext } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import { createDb } from "../src/db/database";
import { migrate } from "../src/db/migrate";
import { createReplicaDb } from "../src/db/replica";
import { ensureDefaultPolicies } from "../src/modules/policies/rules";
import { type PgServer, removeServer, startPrimary, startReplica } from "./fixtures/pg-cluster";
import { call, login, makeTree, type Session, sampleCase, type TestEnv } from "./helpers";

let primary: PgServer;
let replica: PgServer;
let env: TestEnv;
let staff: Session;
let grid: string;
const closers: (() => Promise<void>)[] = [];

async function onReplica<T extends pg.QueryResultRow>(q: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: replica.url("fengqiao") });
  await c.connect();
  try {
    return (await c.query<T>(q)).rows;
  } finally {
    await c.end();
  }
}

const codesInList = async (s: Session, headers: Record<string, string> = {}) => {
  const res = await call(env, s, { method: "GET", url: "/api/v1/cases?limit=100", headers });
  expect(res.statusCode).toBe(200);
  return (res.json() as { items: { code: string }[] }).items.map((c) => c.code);
};

async function newCase(title: string): Promise<{ code: string; fresh: string }> {
  const res = await call(env, staff, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(grid, { title }),
  });
  expect(res.statusCode).toBe(201);
  const fresh = res.cookies.find((c) => c.name === "fq_fresh");
  expect(fresh).toBeDefined();
  return { code: (res.json() as { code: string }).code, fresh: `fq_fresh=${fresh?.value}` };
}

// Polls for an outcome, bounded by count, not by a timing assertion.
async function eventually(check: () => Promise<boolean>, tries = 100) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

beforeAll(async () => {
  primary = await startPrimary();
  const admin = new pg.Client({ connectionString: primary.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE fengqiao");
  await admin.end();
  await migrate(primary.url("fengqiao"));
  replica = await startReplica(primary);
  const config = {
    ...loadConfig({ NODE_ENV: "test", FENGQIAO_TEST_CLOCK: "1", FENGQIAO_SECRET_KEY: "ab".repeat(32) }),
    databaseUrl: primary.url("fengqiao"),
    replicaUrl: replica.url("fengqiao"),
  };
  const db = createDb(primary.url("fengqiao"), 5);
  const readDb = createReplicaDb(replica.url("fengqiao"), primary.url("fengqiao"), { max: 4 });
  await ensureDefaultPolicies(db);
  const ctx = appContext(config, db, readDb);
  const app = await buildApp(ctx);
  closers.push(async () => {
    await app.close();
    await readDb.destroy();
    await db.destroy();
  });
  env = { ctx, app, databaseUrl: primary.url("fengqiao") };
  const tree = await makeTree(ctx);
  grid = tree.grid;
  staff = await login(env, { roles: ["center_staff"], region: tree.township });
}, 180_000);

afterAll(async () => {
  for (const close of closers) await close();
  if (replica) removeServer(replica);
  if (primary) removeServer(primary);
});

describe("read replica", () => {
  it("serves the case list from the standby: a new case appears there once replayed", async () => {
    const { code } = await newCase("副本延迟后可见");
    expect(await eventually(async () => (await codesInList(staff)).includes(code))).toBe(true);
    // The list really came from the standby: its pool's connections are there, under their name.
    const there = await onReplica<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'fengqiao-replica'",
    );
    expect(Number(there[0]?.n)).toBeGreaterThan(0);
  });

  it("shows lag to others while the writer reads their own write from the primary", async () => {
    await onReplica("SELECT pg_wal_replay_pause()");
    const paused = async () =>
      (await onReplica<{ s: string }>("SELECT pg_get_wal_replay_pause_state() AS s"))[0]?.s === "paused";
    expect(await eventually(paused)).toBe(true);
    const { code, fresh } = await newCase("回放暂停时登记");
    // The standby has stopped replaying: anyone else's list (served there) does not have it yet…
    expect(await codesInList(staff)).not.toContain(code);
    // …but its author, who wrote a moment ago, reads the primary and sees it.
    expect(await codesInList(staff, { cookie: `${staff.cookie}; ${fresh}` })).toContain(code);
    await onReplica("SELECT pg_wal_replay_resume()");
    expect(await eventually(async () => (await codesInList(staff)).includes(code))).toBe(true);
  });

  it("reads from the primary when the standby is gone; never a 500", async () => {
    const { code } = await newCase("副本停机");
    replica.stop("immediate");
    const statuses: number[] = [];
    const served = await eventually(async () => {
      const res = await call(env, staff, { method: "GET", url: "/api/v1/cases?limit=100" });
      statuses.push(res.statusCode);
      if (res.statusCode === 503) expect(res.json()).toMatchObject({ error: "DB_UNAVAILABLE" });
      return (
        res.statusCode === 200 &&
        (res.json() as { items: { code: string }[] }).items.some((c) => c.code === code)
      );
    }, 20);
    expect(served).toBe(true);
    // A connection that died with the standby may answer one 503; nothing else.
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });
});
