import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { AwsClient } from "aws4fetch";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config";
import { s3Store } from "../src/modules/uploads/photo-store";
import { createPlace, photoWithGps, reportBody, submit, upload } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// A real S3-compatible server (s3rver: S3 REST API over a folder, SigV4 signatures checked).
interface S3rverLike {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)("@20minutes/s3rver") as new (o: {
  port: number;
  address: string;
  directory: string;
  silent: boolean;
}) => S3rverLike;

const BUCKET = "fengqiao-photos";
// s3rver's one account.
const KEY_ID = "S3RVER";
const SECRET = "S3RVER";

let s3: S3rverLike;
let s3Dir: string;
let uploadDir: string;
let endpoint: string;
let raw: AwsClient;
let env: TestEnv;
let cadre: Session;
let tree: Tree;
let token: string;

const s3Env = () => ({
  NODE_ENV: "test",
  FENGQIAO_TEST_CLOCK: "1",
  FENGQIAO_SECRET_KEY: "ab".repeat(32),
  FENGQIAO_UPLOAD_DIR: uploadDir,
  FENGQIAO_UPLOAD_STORE: "s3",
  FENGQIAO_S3_ENDPOINT: endpoint,
  FENGQIAO_S3_BUCKET: BUCKET,
  FENGQIAO_S3_ACCESS_KEY_ID: KEY_ID,
  FENGQIAO_S3_SECRET_ACCESS_KEY: SECRET,
});

beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(os.tmpdir(), "fq-s3-"));
  uploadDir = await mkdtemp(path.join(os.tmpdir(), "fq-uploads-"));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", directory: s3Dir, silent: true });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  raw = new AwsClient({ accessKeyId: KEY_ID, secretAccessKey: SECRET, service: "s3", region: "us-east-1" });
  const made = await raw.fetch(`${endpoint}/${BUCKET}`, { method: "PUT" });
  expect(made.status, await made.text()).toBe(200);

  env = await testEnv();
  // The app reads ctx.config on every request: swap in a configuration that stores in the bucket.
  env.ctx.config = { ...loadConfig(s3Env()), databaseUrl: env.databaseUrl };
  tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

afterAll(async () => {
  await s3?.close();
  await rm(s3Dir, { recursive: true, force: true });
  await rm(uploadDir, { recursive: true, force: true });
});

describe("photo uploads to an S3-compatible bucket", () => {
  it("stores the EXIF-stripped photo in the bucket, serves it to staff, and writes nothing locally", async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const res = await upload(env, original);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as string;
    const row = await env.ctx.db
      .selectFrom("attachments")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.path).toMatch(new RegExp(`^\\d{4}-\\d{2}/${id}\\.jpg$`));

    // Read back straight from the bucket, not through the app.
    const obj = await raw.fetch(`${endpoint}/${BUCKET}/${row.path}`);
    expect(obj.status).toBe(200);
    expect(obj.headers.get("content-type")).toBe("image/jpeg");
    const body = Buffer.from(await obj.arrayBuffer());
    expect(body.length).toBe(row.bytes);
    const meta = await sharp(body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(body.toString("latin1")).not.toContain("PhoneMaker");
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);

    // Staff see it through the case's attachment route once it is attached to a case.
    const sent = await submit(env, reportBody(token, { photos: [id] }));
    expect(sent.statusCode, sent.body).toBe(201);
    const url = `/api/v1/cases/${sent.json().code}/attachments/${id}`;
    const seen = await call(env, cadre, { method: "GET", url });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers["content-type"]).toBe("image/jpeg");
    expect(seen.rawPayload.equals(body)).toBe(true);
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    expect((await call(env, outsider, { method: "GET", url })).statusCode).toBe(404);

    expect(existsSync(uploadDir) ? readdirSync(uploadDir) : []).toEqual([]);
  });

  it("s3Store: round trip, null for a missing key, delete, and refusal of wrong credentials", async () => {
    const cfg = { endpoint, region: "us-east-1", bucket: BUCKET, forcePathStyle: true };
    const store = s3Store({ ...cfg, accessKeyId: KEY_ID, secretAccessKey: SECRET });
    const bytes = Buffer.from("not really a png");
    await store.put("2026-01/x.png", bytes, "image/png");
    expect(await store.get("2026-01/x.png")).toEqual({ body: bytes, mime: "image/png" });
    expect(await store.get("2026-01/missing.png")).toBeNull();
    await store.delete("2026-01/x.png");
    expect(await store.get("2026-01/x.png")).toBeNull();
    await expect(store.get("../outside")).rejects.toThrow(/invalid storage key/);
    const wrong = s3Store({ ...cfg, accessKeyId: KEY_ID, secretAccessKey: "wrong-secret" });
    await expect(wrong.put("2026-01/y.png", bytes, "image/png")).rejects.toThrow(/403 SignatureDoesNotMatch/);
  });

  it("loadConfig: s3 needs endpoint, bucket and keys; local stays the default", () => {
    const base = { NODE_ENV: "test", FENGQIAO_SECRET_KEY: "ab".repeat(32) };
    expect(loadConfig(base)).toMatchObject({ uploadStore: "local", s3: null });
    expect(() => loadConfig({ ...base, FENGQIAO_UPLOAD_STORE: "s3", FENGQIAO_S3_BUCKET: "b" })).toThrow(
      "FENGQIAO_UPLOAD_STORE=s3 needs FENGQIAO_S3_ENDPOINT, FENGQIAO_S3_ACCESS_KEY_ID, FENGQIAO_S3_SECRET_ACCESS_KEY",
    );
    expect(() => loadConfig({ ...base, FENGQIAO_UPLOAD_STORE: "minio" })).toThrow(/FENGQIAO_UPLOAD_STORE/);
    expect(loadConfig(s3Env()).s3).toEqual({
      endpoint,
      region: "us-east-1",
      bucket: BUCKET,
      accessKeyId: KEY_ID,
      secretAccessKey: SECRET,
      forcePathStyle: true,
    });
  });
});
