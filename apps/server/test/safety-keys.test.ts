import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app";
import { appContext } from "../src/bootstrap";
import { loadConfig, parseKeyring } from "../src/config";
import type { AppContext } from "../src/context";
import { deriveLookupKey, RetiredKeyError } from "../src/lib/personal-data";
import {
  mapSealed,
  rotateKeys,
  SEALED_TARGETS,
  sealedVersions,
  targetName,
} from "../src/modules/safety/key-rotation";
import { login, makeTree, type Session, sampleCase, type TestEnv, testEnv } from "./helpers";

// The rotation from key v1 (what every deployment has) to v2 while the app keeps serving.
const K1 = Buffer.from("ab".repeat(32), "hex");
const K2 = Buffer.from("cd".repeat(32), "hex");
const LOOKUP_HEX = deriveLookupKey(K1).toString("hex");

let env: TestEnv;
let grid: Session;
let regionCode: string;
const apps: FastifyInstance[] = [];

/** A node of the same database configured with another keyring (as after a restart with new env). */
async function node(
  ring: ReturnType<typeof parseKeyring>,
): Promise<{ ctx: AppContext; app: FastifyInstance }> {
  const ctx = appContext({ ...env.ctx.config, keyring: ring }, env.ctx.db);
  const app = await buildApp(ctx);
  apps.push(app);
  return { ctx, app };
}

async function createCase(app: FastifyInstance, phone: string) {
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/cases",
    headers: { cookie: grid.cookie, "x-csrf-token": grid.csrf },
    payload: sampleCase(regionCode, {
      reporter: { name: "李四", phone },
      parties: [{ role: "applicant", name: "李四", phone, idNumber: "62070219800101123X" }],
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function contacts(app: FastifyInstance, id: string) {
  const res = await app.inject({
    method: "POST",
    url: `/api/v1/cases/${id}/contacts`,
    headers: { cookie: grid.cookie, "x-csrf-token": grid.csrf },
  });
  return res;
}

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  regionCode = tree.grid;
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});
afterAll(async () => {
  for (const a of apps) await a.close();
});

describe("personal-data key rotation (fengqiao keys rotate)", () => {
  it("re-seals every value in resumable batches while nodes read old and new, then refuses the retired key", {
    timeout: 30_000,
  }, async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createCase(env.app, `1390000${String(1000 + i)}`)).id);
    const hh = await env.ctx.db
      .insertInto("households")
      .values({ grid_code: regionCode, address: "幸福路 1 号" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await env.ctx.db
      .insertInto("household_members")
      .values({
        household_id: hh.id,
        relation: "户主",
        name_enc: env.ctx.pd.encrypt("王五"),
        name_hash: env.ctx.pd.lookupHash("王五"),
        name_masked: "王*",
        phone_enc: env.ctx.pd.encrypt("13700001111"),
        phone_hash: env.ctx.pd.lookupHash("13700001111"),
      })
      .execute();
    const before = await sealedVersions(env.ctx.db);
    const v1Total = Object.values(before).reduce((s, t) => s + (t.v1 ?? 0), 0);
    // 5 reporters + 5 parties × (phone, id) + the member's name and phone (+ queued SMS, if any).
    expect(v1Total).toBeGreaterThanOrEqual(17);
    const oldSealed = (
      await env.ctx.db
        .selectFrom("cases")
        .select("reporter_phone_enc")
        .where("id", "=", ids[0] as string)
        .executeTakeFirstOrThrow()
    ).reporter_phone_enc as string;
    const hashBefore = await env.ctx.db
      .selectFrom("cases")
      .select(["id", "reporter_phone_hash"])
      .orderBy("id")
      .execute();

    // Deploy: every node restarts with v2 current and v1 kept for reading.
    const during = await node(parseKeyring(K2, 2, `1:${K1.toString("hex")}`));
    const first = await rotateKeys(env.ctx.db, during.ctx.pd, { batchSize: 2, maxBatches: 2 });
    expect(first.complete).toBe(false);
    const mixed = await sealedVersions(env.ctx.db);
    expect(mixed["cases.reporter_phone_enc"]).toEqual({ v1: 1, v2: 4 });
    // No downtime: a case sealed with either key opens, and new writes use v2.
    for (const id of ids) {
      const r = await contacts(during.app, id);
      expect(r.statusCode, r.body).toBe(200);
      expect(JSON.stringify(r.json())).toMatch(/1390000100\d/);
    }
    const fresh = await createCase(during.app, "13900009999");
    const freshRow = await env.ctx.db
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", fresh.id)
      .executeTakeFirstOrThrow();
    expect(freshRow.reporter_phone_enc).toMatch(/^v2\./);

    // Resumed after the interruption: finishes, and nothing is re-sealed twice.
    const second = await rotateKeys(env.ctx.db, during.ctx.pd, { batchSize: 2 });
    expect(second.complete).toBe(true);
    const after = await sealedVersions(env.ctx.db);
    for (const [target, versions] of Object.entries(after))
      expect(Object.keys(versions), target).not.toContain("v1");
    const marks = await env.ctx.db.selectFrom("key_rotation_watermarks").selectAll().execute();
    expect(marks.every((m) => m.done && m.key_version === 2)).toBe(true);
    expect(marks.reduce((s, m) => s + Number(m.resealed), 0)).toBe(v1Total);
    const again = await rotateKeys(env.ctx.db, during.ctx.pd);
    expect(Object.values(again.resealed).every((n) => n === 0)).toBe(true);

    // Lookup hashes are kept, not recomputed: repeat matching spans the rotation.
    const hashAfter = await env.ctx.db
      .selectFrom("cases")
      .select(["id", "reporter_phone_hash"])
      .where("id", "!=", fresh.id)
      .orderBy("id")
      .execute();
    expect(hashAfter).toEqual(hashBefore);
    expect(during.ctx.pd.lookupHash("13900001000")).toBe(env.ctx.pd.lookupHash("13900001000"));

    // The old key retired: the config without it (lookup key given) reads everything …
    const retired = await node(parseKeyring(K2, 2, "", LOOKUP_HEX));
    for (const id of [...ids, fresh.id]) expect((await contacts(retired.app, id)).statusCode).toBe(200);
    expect(retired.ctx.pd.lookupHash("13900001000")).toBe(env.ctx.pd.lookupHash("13900001000"));
    // … and a value still sealed with v1 (an old backup, a missed column) is refused by name.
    expect(() => retired.ctx.pd.decrypt(oldSealed)).toThrow(RetiredKeyError);
    expect(() => retired.ctx.pd.decrypt(oldSealed)).toThrow(/key v1, which is not configured/);
  });
});

describe("sealed columns", () => {
  it("rotation covers every *_enc column of the schema (a new sealed column must be added to SEALED_TARGETS)", async () => {
    const cols = await sql<{ n: string }>`
      SELECT table_name || '.' || column_name AS n FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name LIKE '%\\_enc'`.execute(env.ctx.db);
    const names = cols.rows.map((c) => c.n);
    expect(names.length).toBeGreaterThanOrEqual(6);
    const covered = new Set(SEALED_TARGETS.map(targetName));
    expect(names.filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe("keyring configuration", () => {
  it("reads FENGQIAO_SECRET_KEY_VERSION and FENGQIAO_OLD_SECRET_KEYS", () => {
    const c = loadConfig({
      NODE_ENV: "test",
      FENGQIAO_SECRET_KEY: "cd".repeat(32),
      FENGQIAO_SECRET_KEY_VERSION: "2",
      FENGQIAO_OLD_SECRET_KEYS: `1:${"ab".repeat(32)}`,
    });
    expect(c.keyring.current).toBe(2);
    expect([...c.keyring.keys.keys()].sort()).toEqual([1, 2]);
    expect(c.keyring.lookupKey.toString("hex")).toBe(LOOKUP_HEX);
  });

  it("refuses to run without the lookup key once v1 is gone (hashes must not change)", () => {
    expect(() =>
      loadConfig({
        NODE_ENV: "test",
        FENGQIAO_SECRET_KEY: "cd".repeat(32),
        FENGQIAO_SECRET_KEY_VERSION: "2",
      }),
    ).toThrow(/FENGQIAO_LOOKUP_KEY is required/);
    expect(() => parseKeyring(K2, 2, "1:zz")).toThrow(/FENGQIAO_OLD_SECRET_KEYS/);
    expect(() => parseKeyring(K2, 2, `2:${"ab".repeat(32)}`)).toThrow(/repeats the current version/);
  });

  it("re-seals sealed strings at any depth under *Enc keys and leaves other strings alone", () => {
    const m = mapSealed(
      { to: { phoneEnc: "v1.abc" }, list: [{ idEnc: "v1.x_y" }], note: "v1.abc", nameEnc: null },
      (s) => s.replace("v1.", "v2."),
    );
    expect(m.value).toEqual({
      to: { phoneEnc: "v2.abc" },
      list: [{ idEnc: "v2.x_y" }],
      note: "v1.abc",
      nameEnc: null,
    });
    expect(m.changed).toBe(2);
  });
});
