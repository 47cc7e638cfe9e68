import { readFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { createPlace, multipart, reportBody, submit, upload } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let clerk: Session;
let code: string;

const pdf = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);
const png = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: "#3a7" } })
    .withExif({ IFD0: { Make: "ScannerMaker" } })
    .png()
    .toBuffer();

function attach(who: Session, ref: string, file: Buffer, name: string, type: string, key?: string) {
  const body = multipart(file, name, type);
  return call(env, who, {
    method: "POST",
    url: `/api/v1/cases/${ref}/attachments`,
    payload: body.payload,
    headers: { ...body.headers, ...(key ? { "idempotency-key": key } : {}) },
  });
}

const list = (who: Session, ref: string) =>
  call(env, who, { method: "GET", url: `/api/v1/cases/${ref}/attachments` });

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  clerk = await login(env, { roles: ["center_staff"], region: tree.township });
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid),
  });
  expect(res.statusCode, res.body).toBe(201);
  code = res.json().code;
});

describe("staff attachments", () => {
  it("an upload sent again with its Idempotency-Key (the answer was lost) is stored once", async () => {
    const own = (
      await call(env, clerk, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
    ).json().code as string;
    const photo = await png();
    const first = await attach(clerk, own, photo, "签字页.png", "image/png", "phone-photo-0001");
    expect(first.statusCode, first.body).toBe(201);
    const again = await attach(clerk, own, photo, "签字页.png", "image/png", "phone-photo-0001");
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect((await list(clerk, own)).json().items).toHaveLength(1);
    // The same key for another file is a different request: refused, not silently answered.
    const other = await attach(clerk, own, pdf, "别的.pdf", "application/pdf", "phone-photo-0001");
    expect(other.statusCode).toBe(409);
  });

  it("accepts an image, strips its metadata, and records the upload in the timeline", async () => {
    const res = await attach(clerk, code, await png(), "现场照片.png", "image/png");
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ mime: "image/png", name: "现场照片.png" });
    const row = await env.ctx.db
      .selectFrom("attachments")
      .selectAll()
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    const file = await readFile(path.join(env.ctx.config.uploadDir, row.path));
    expect(file.toString("latin1")).not.toContain("ScannerMaker");
    expect(row.bytes).toBe(a.bytes);

    const detail = (await call(env, clerk, { method: "GET", url: `/api/v1/cases/${code}` })).json();
    const event = detail.timeline.find((e: { type: string }) => e.type === "case.attachment_added");
    expect(event.data).toEqual({ id: a.id, mime: "image/png", bytes: a.bytes, name: "现场照片.png" });
    expect(event.actor).toBeTruthy();
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const audit = await call(env, admin, { method: "GET", url: "/api/v1/admin/audit/verify" });
    expect(audit.json()).toMatchObject({ ok: true, firstBroken: null });

    const served = await call(env, clerk, {
      method: "GET",
      url: `/api/v1/cases/${code}/attachments/${a.id}`,
    });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
  });

  it("accepts a PDF as is and serves it back", async () => {
    const res = await attach(clerk, code, pdf, "C:\\扫描\\调解协议.pdf", "application/pdf");
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ mime: "application/pdf", bytes: pdf.length, name: "调解协议.pdf" });
    const url = `/api/v1/cases/${code}/attachments/${res.json().id}`;
    const served = await call(env, clerk, { method: "GET", url });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toMatch(/^application\/pdf/);
    expect(served.rawPayload.equals(pdf)).toBe(true);
  });

  it.each([
    [
      "an .exe",
      Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00", "latin1"),
      "setup.exe",
      "application/x-msdownload",
    ],
    ["a text file named .pdf", Buffer.from("just some text"), "a.pdf", "application/pdf"],
  ])("refuses %s with 400 and leaves no trace", async (_n, bytes, name, type) => {
    const before = (await list(clerk, code)).json().items.length;
    const res = await attach(clerk, code, bytes, name, type);
    expect(res.statusCode).toBe(400);
    expect(res.json().messages.zh).toMatch(/PDF/);
    expect((await list(clerk, code)).json().items.length).toBe(before);
  });

  it("refuses a file over 8 MB with 413", async () => {
    const big = Buffer.concat([pdf, Buffer.alloc(8 * 1024 * 1024)]);
    expect((await attach(clerk, code, big, "big.pdf", "application/pdf")).statusCode).toBe(413);
  });

  it("answers 404 outside the jurisdiction and 403 to a read-only leader", async () => {
    const outsider = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
    const out = await attach(outsider, code, pdf, "a.pdf", "application/pdf");
    expect(out.statusCode).toBe(404);
    expect((await list(outsider, code)).statusCode).toBe(404);
    const leader = await login(env, { roles: ["leader"], region: tree.county });
    expect((await attach(leader, code, pdf, "a.pdf", "application/pdf")).statusCode).toBe(403);
    expect((await list(leader, code)).statusCode).toBe(200);
  });

  it("refuses an upload without the CSRF header", async () => {
    const body = multipart(pdf, "a.pdf", "application/pdf");
    const res = await env.app.inject({
      method: "POST",
      url: `/api/v1/cases/${code}/attachments`,
      payload: body.payload,
      headers: { ...body.headers, cookie: clerk.cookie },
    });
    expect(res.statusCode).toBe(403);
  });

  it("lists the case's attachments, oldest first, citizen photos included", async () => {
    const items = (await list(clerk, code)).json().items;
    expect(items.map((i: { mime: string }) => i.mime)).toEqual(["image/png", "application/pdf"]);
    expect(items[1]).toEqual({
      id: expect.any(String),
      mime: "application/pdf",
      bytes: pdf.length,
      name: "调解协议.pdf",
      createdAt: expect.any(String),
    });

    const cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
    const token = (await createPlace(env, cadre, tree.grid)).token;
    const photo = (await upload(env, await png(), "p.png", "image/png")).json().id;
    const qr = await submit(env, reportBody(token, { photos: [photo] }));
    expect(qr.statusCode, qr.body).toBe(201);
    const qrItems = (await list(cadre, qr.json().code)).json().items;
    expect(qrItems).toEqual([expect.objectContaining({ id: photo, mime: "image/png", name: null })]);
  });
});
