import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "../src/modules/audit/audit";
import { makeBackup } from "../src/modules/safety/backup";
import { BackupRefused, restoreBackup, verifyBackup } from "../src/modules/safety/restore";
import { photoStore } from "../src/modules/uploads/photo-store";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let grid: Session;
let regionCode: string;
const PHOTO = Buffer.from("\xff\xd8\xff\xe0 a photo of the wall", "latin1");

const outs: string[] = [];
afterAll(async () => {
  for (const d of outs) await rm(d, { recursive: true, force: true });
});

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  regionCode = tree.grid;
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});

/** Cases, their events and their clocks as one comparable value. */
async function canonical() {
  const q = async (text: string) =>
    (await sql<{ j: unknown }>`${sql.raw(text)}`.execute(env.ctx.db)).rows.map((r) => r.j);
  return {
    cases: await q("SELECT to_jsonb(c) AS j FROM cases c ORDER BY id"),
    events: await q("SELECT to_jsonb(e) AS j FROM case_events e ORDER BY case_id, seq"),
    clocks: await q("SELECT to_jsonb(k) AS j FROM clocks k ORDER BY id"),
  };
}

/** Wipe: the database dropped and created again, empty, and the photo gone from the store. */
async function wipe(key: string) {
  const name = new URL(env.databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  await photoStore(env.ctx.config).delete(key);
}

async function seed() {
  const ids: string[] = [];
  const versions: number[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await call(env, grid, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(regionCode),
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
    versions.push(res.json().version);
  }
  const accept = await call(env, grid, {
    method: "POST",
    url: `/api/v1/cases/${ids[0]}/commands`,
    payload: { type: "accept", version: versions[0] },
  });
  expect(accept.statusCode, accept.body).toBeLessThan(300);
  const key = `2026-01/${ids[0]}-photo.jpg`;
  await photoStore(env.ctx.config).put(key, PHOTO, "image/jpeg");
  await env.ctx.db
    .insertInto("attachments")
    .values({
      case_id: ids[0] as string,
      opinion_id: null,
      path: key,
      mime: "image/jpeg",
      bytes: PHOTO.length,
      created_at: new Date(),
    })
    .execute();
  return key;
}

describe("fengqiao backup and restore", () => {
  it("round-trips: seed, back up, wipe, restore — audit chain intact, every case identical, photos back", {
    timeout: 30_000,
  }, async () => {
    const key = await seed();
    const before = await canonical();
    expect(before.cases.length).toBe(3);
    const out = await mkdtemp(path.join(tmpdir(), "fq-backup-"));
    outs.push(out);
    const { dir, manifest } = await makeBackup(env.ctx, env.databaseUrl, out);
    expect(manifest.counts).toEqual({ cases: 3, case_events: before.events.length, attachments: 1 });
    expect(manifest.schema.level).toMatch(/^\d{4}_/);
    expect(manifest.files.map((f) => f.path)).toContain(`uploads/${key}`);
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);

    await wipe(key);
    expect(await photoStore(env.ctx.config).get(key)).toBeNull();
    await restoreBackup(env.ctx, env.databaseUrl, dir);

    expect((await verifyAuditChain(env.ctx.db)).ok).toBe(true);
    expect(await canonical()).toEqual(before);
    expect((await photoStore(env.ctx.config).get(key))?.body).toEqual(PHOTO);
    // The restored database takes new work: sequences and triggers are back.
    const res = await call(env, grid, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(regionCode),
    });
    expect(res.statusCode, res.body).toBe(201);

    // A restore over a database with cases needs --replace; nothing is touched without it.
    await expect(restoreBackup(env.ctx, env.databaseUrl, dir)).rejects.toThrow(/already has 4 cases/);
    expect((await canonical()).cases.length).toBe(4);
  });

  it("refuses a tampered archive: a changed photo, an added file, an edited manifest", {
    timeout: 30_000,
  }, async () => {
    const out = await mkdtemp(path.join(tmpdir(), "fq-backup-"));
    outs.push(out);
    const { dir, manifest } = await makeBackup(env.ctx, env.databaseUrl, out);
    await expect(verifyBackup(env.ctx, dir)).resolves.toEqual(manifest);
    const photo = manifest.files.find((f) => f.path.startsWith("uploads/"));
    if (!photo) throw new Error("the backup has no photo");
    const original = await readFile(path.join(dir, photo.path));
    await writeFile(path.join(dir, photo.path), Buffer.concat([original, Buffer.from("x")]));
    await expect(verifyBackup(env.ctx, dir)).rejects.toThrow(
      new RegExp(`${photo.path} does not match its checksum`),
    );
    await writeFile(path.join(dir, photo.path), original);

    await writeFile(path.join(dir, "uploads", "extra.jpg"), "x");
    await expect(verifyBackup(env.ctx, dir)).rejects.toThrow(/uploads\/extra.jpg is not in the manifest/);
    await rm(path.join(dir, "uploads", "extra.jpg"));

    const text = await readFile(path.join(dir, "manifest.json"), "utf8");
    await writeFile(path.join(dir, "manifest.json"), text.replace(/"cases": \d+/, '"cases": 999'));
    const refused = await restoreBackup(env.ctx, env.databaseUrl, dir, { replace: true }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(BackupRefused);
    expect(String(refused)).toMatch(/manifest.sig does not match/);
    // Refused before anything was touched.
    expect((await canonical()).cases.length).toBe(4);
  });
});
