import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createPlace, photoWithGps, reportBody, submit, upload } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let token: string;
let cadre: Session;
let tree: Tree;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  token = (await createPlace(env, cadre, tree.grid)).token;
});

async function stored(id: string) {
  const row = await env.ctx.db
    .selectFrom("attachments")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { row, file: await readFile(path.join(env.ctx.config.uploadDir, row.path)) };
}

describe("photo uploads", () => {
  it("strips EXIF (GPS included) and shrinks the photo before storing it", async () => {
    const original = await photoWithGps();
    expect((await sharp(original).metadata()).exif?.toString("latin1")).toContain("PhoneMaker");
    const res = await upload(env, original);
    expect(res.statusCode, res.body).toBe(201);
    const { row, file } = await stored(res.json().id);
    const meta = await sharp(file).metadata();
    expect(meta.exif).toBeUndefined();
    expect(file.toString("latin1")).not.toContain("PhoneMaker");
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(1600);
    expect(row).toMatchObject({ mime: "image/jpeg", case_id: null });
  });

  it("sniffs the type from the bytes: a PNG named .jpg is stored as PNG", async () => {
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const res = await upload(env, png, "x.jpg", "image/jpeg");
    expect(res.statusCode).toBe(201);
    expect(res.json().mime).toBe("image/png");
  });

  it.each([
    ["a text file named .jpg", Buffer.from("hello, not an image"), "a.jpg", "image/jpeg"],
    ["a GIF", Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"), "a.gif", "image/gif"],
    ["a truncated JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "b.jpg", "image/jpeg"],
  ])("refuses %s with 400", async (_n, bytes, name, type) => {
    const res = await upload(env, bytes, name, type);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/JPG/);
  });

  it("refuses a file over 8 MB with 413", async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(8 * 1024 * 1024 + 10)]);
    const res = await upload(env, big);
    expect(res.statusCode).toBe(413);
  });

  it("attaches uploaded photos to the case on submit, and a photo only once", async () => {
    const id = (await upload(env, await photoWithGps())).json().id;
    const res = await submit(env, reportBody(token, { photos: [id] }));
    expect(res.statusCode, res.body).toBe(201);
    const { row } = await stored(id);
    const c = await env.ctx.db
      .selectFrom("cases")
      .select("id")
      .where("code", "=", res.json().code)
      .executeTakeFirstOrThrow();
    expect(row.case_id).toBe(c.id);
    const again = await submit(env, reportBody(token, { photos: [id] }));
    expect(again.statusCode).toBe(400);
    const url = `/api/v1/cases/${res.json().code}/attachments/${id}`;
    const seen = await call(env, cadre, { method: "GET", url });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers["content-type"]).toBe("image/jpeg");
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    expect((await call(env, outsider, { method: "GET", url })).statusCode).toBe(404);
  });
});
