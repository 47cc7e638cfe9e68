import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { type Role, regionPath } from "@fengqiao/core";
import { hash } from "@node-rs/argon2";
import type { FastifyInstance, InjectOptions } from "fastify";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../src/app";
import { appContext } from "../src/bootstrap";
import { loadConfig } from "../src/config";
import type { AppContext } from "../src/context";
import { createDb } from "../src/db/database";
import { ensureDefaultPolicies } from "../src/modules/policies/rules";
import { withDatabase } from "./global-setup";

export interface TestEnv {
  ctx: AppContext;
  app: FastifyInstance;
  databaseUrl: string;
}

/** A database of this test file's own, cloned from the migrated template, with an app on top. */
export async function testEnv(): Promise<TestEnv> {
  const adminUrl = inject("pgAdminUrl");
  const name = `fq_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  await admin.end();
  const databaseUrl = withDatabase(adminUrl, name);
  const config = {
    ...loadConfig({
      NODE_ENV: "test",
      FENGQIAO_TEST_CLOCK: "1",
      FENGQIAO_SECRET_KEY: "ab".repeat(32),
      // As if behind one reverse proxy: tests give each citizen its own X-Forwarded-For address.
      FENGQIAO_TRUST_PROXY: "1",
    }),
    databaseUrl,
  };
  const db = createDb(databaseUrl, 10);
  await ensureDefaultPolicies(db);
  const ctx = appContext(config, db);
  const app = await buildApp(ctx);
  openEnvs.push(async () => {
    await app.close();
    await db.destroy();
  });
  return { ctx, app, databaseUrl };
}

// What each test file's testEnv opened (an app with its LISTEN connection, a pool), closed after the
// file's tests by setup-close-envs.ts. Not an afterAll here: testEnv is called inside beforeAll, and
// an afterAll registered there never runs — with one module graph for the suite, every file's
// connections stayed open until PostgreSQL (max_connections 100) refused the next file's.
const openEnvs: (() => Promise<void>)[] = [];

export async function closeTestEnvs() {
  // Every one closed even if one fails; the first failure is still reported.
  const results = await Promise.allSettled(openEnvs.splice(0).map((close) => close()));
  const failed = results.find((x) => x.status === "rejected");
  if (failed) throw failed.reason;
}

let codeCounter = 0;

export interface Tree {
  county: string;
  township: string;
  village: string;
  grid: string;
  otherGrid: string;
  otherVillage: string;
  otherTownship: string;
  otherTownshipGrid: string;
}

/** A small county of this test's own: two townships, villages and grids, codes unique per call. */
export async function makeTree(ctx: AppContext): Promise<Tree> {
  codeCounter += 1;
  const county = `62${String(codeCounter).padStart(2, "0")}01`;
  const province = `${county.slice(0, 2)}0000`;
  const city = `${county.slice(0, 4)}00`;
  const t = (n: number) => `${county}${String(100 + n)}`;
  const v = (tw: string, n: number) => `${tw}${String(200 + n)}`;
  const g = (vi: string, n: number) => `${vi}${String(n).padStart(3, "0")}`;
  const tree: Tree = {
    county,
    township: t(0),
    village: v(t(0), 1),
    grid: g(v(t(0), 1), 1),
    otherGrid: g(v(t(0), 1), 2),
    otherVillage: v(t(0), 2),
    otherTownship: t(1),
    otherTownshipGrid: g(v(t(1), 1), 1),
  };
  const rows: [string, string | null, string][] = [
    [province, null, "province"],
    [city, province, "city"],
    [county, city, "county"],
    [tree.township, county, "township"],
    [tree.village, tree.township, "village"],
    [tree.grid, tree.village, "grid"],
    [tree.otherGrid, tree.village, "grid"],
    [tree.otherVillage, tree.township, "village"],
    [g(tree.otherVillage, 1), tree.otherVillage, "grid"],
    [tree.otherTownship, county, "township"],
    [v(tree.otherTownship, 1), tree.otherTownship, "village"],
    [tree.otherTownshipGrid, v(tree.otherTownship, 1), "grid"],
  ];
  const paths = new Map<string, string>();
  for (const [code, parent, level] of rows) {
    const existing = await ctx.db
      .selectFrom("regions")
      .select("path")
      .where("code", "=", code)
      .executeTakeFirst();
    const path = existing?.path ?? regionPath(parent ? (paths.get(parent) ?? null) : null, code);
    paths.set(code, path);
    if (!existing) {
      await ctx.db
        .insertInto("regions")
        .values({ code, parent_code: parent, level, name: `${level}-${code}`, path })
        .execute();
    }
  }
  return tree;
}

/** Where each role sits in a test tree: its home region for the access matrices. */
export const HOME_LEVEL: Record<Role, keyof Tree> = {
  grid_worker: "grid",
  village_cadre: "village",
  mediator: "village",
  police: "village",
  center_staff: "township",
  township_leader: "township",
  department_handler: "county",
  leader: "county",
  admin: "county",
};

export interface Session {
  userId: string;
  cookie: string;
  csrf: string;
}

const PASSWORD = "test-password-1";
let passwordHash: string | null = null;

/** A user with the given roles at a region, logged in through the real login route. */
export async function login(
  env: TestEnv,
  o: { roles: Role[]; region: string; unitId?: string | null; username?: string },
): Promise<Session> {
  passwordHash ??= await hash(PASSWORD);
  const username = o.username ?? `u_${randomBytes(5).toString("hex")}`;
  const user = await env.ctx.db
    .insertInto("users")
    .values({
      username,
      display_name: username,
      password_hash: passwordHash,
      roles: o.roles,
      region_code: o.region,
      unit_id: o.unitId ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const res = await env.app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { username, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "fq_session");
  return { userId: user.id, cookie: `fq_session=${cookie?.value}`, csrf: res.json().csrfToken };
}

/** app.inject with the session's cookie and CSRF header. */
export function call(env: TestEnv, s: Session | null, o: InjectOptions & { url: string }) {
  return env.app.inject({
    ...o,
    headers: { ...(s ? { cookie: s.cookie, "x-csrf-token": s.csrf } : {}), ...(o.headers ?? {}) },
  });
}

export const sampleCase = (regionCode: string, extra: Record<string, unknown> = {}) => ({
  channel: "hotline",
  category: "neighbour",
  title: "邻居装修噪音扰民",
  description: "楼上邻居夜间装修，噪音严重影响休息，多次沟通无果。",
  regionCode,
  parties: [{ role: "applicant", name: "张三", phone: "13800001234", idNumber: "62070219800101123X" }],
  reporter: { name: "张三", phone: "13800001234" },
  ...extra,
});

const ROOT = path.resolve(__dirname, "../../..");
const execFileP = promisify(execFile);

/** Runs the `fengqiao` command line on the test file's database; its exit code and everything it printed. */
export function runCli(env: TestEnv, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return execFileP(process.execPath, [path.join(ROOT, "apps/server/bin/fengqiao.mjs"), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      FENGQIAO_SECRET_KEY: "ab".repeat(32),
      NODE_ENV: "test",
      ...extraEnv,
    },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}
