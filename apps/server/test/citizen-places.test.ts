import { beforeAll, describe, expect, it } from "vitest";
import { createPlace } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let cadre: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  const police = await login(env, { roles: ["police"], region: tree.village });
  await call(env, cadre, {
    method: "PUT",
    url: `/api/v1/contact-cards/members/${police.userId}`,
    payload: { workPhone: "0936-1234567", workTitle: "驻村民警" },
  });
  await call(env, cadre, {
    method: "PUT",
    url: `/api/v1/contact-cards/members/${cadre.userId}`,
    payload: { workPhone: "0936-7654321", workTitle: "党支部书记" },
  });
});

describe("QR places", () => {
  it("creates a place on a grid and lists it in the jurisdiction only", async () => {
    const p = await createPlace(env, cadre, tree.grid, { name: "村委会服务窗口", kind: "window" });
    expect(p.url).toMatch(/\/m\/p\/[A-Za-z0-9_-]{20,}$/);
    const mine = await call(env, cadre, { method: "GET", url: "/api/v1/places" });
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(p.id);
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    const theirs = await call(env, outsider, { method: "GET", url: "/api/v1/places" });
    expect(theirs.json().items.map((i: { id: string }) => i.id)).not.toContain(p.id);
    const poster = await call(env, outsider, { method: "GET", url: `/api/v1/places/${p.id}/poster` });
    expect(poster.statusCode).toBe(404);
  });

  it("refuses a place outside a grid, and roles that do not manage places", async () => {
    const res = await call(env, cadre, {
      method: "POST",
      url: "/api/v1/places",
      payload: { kind: "building", name: "x", regionCode: tree.village },
    });
    expect(res.statusCode).toBe(400);
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    const denied = await call(env, grid, { method: "GET", url: "/api/v1/places" });
    expect(denied.statusCode).toBe(403);
  });

  it("prints a poster with the QR code as SVG, the place and the village's contacts", async () => {
    const p = await createPlace(env, cadre, tree.grid, { name: "5号楼<script>" });
    const res = await call(env, cadre, { method: "GET", url: `/api/v1/places/${p.id}/poster` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("<svg");
    expect(res.body).toContain("5号楼&lt;script&gt;");
    expect(res.body).toContain("驻村民警");
    expect(res.body).toContain("0936-1234567");
    expect(res.body).toContain(p.url);
  });

  it("regenerating the token retires the old one", async () => {
    const p = await createPlace(env, cadre, tree.grid);
    const res = await call(env, cadre, { method: "POST", url: `/api/v1/places/${p.id}/token` });
    expect(res.statusCode).toBe(200);
    expect(res.json().token).not.toBe(p.token);
    expect(res.json().tokenRotatedAt).not.toBeNull();
    const old = await env.app.inject({ method: "GET", url: `/api/public/places/${p.token}` });
    expect(old.statusCode).toBe(404);
    expect(old.json().message).toContain("二维码");
    const fresh = await env.app.inject({ method: "GET", url: `/api/public/places/${res.json().token}` });
    expect(fresh.statusCode).toBe(200);
  });
});

describe("便民联系卡", () => {
  it("shows the village's committee and resident police with work phones, publicly", async () => {
    await createPlace(env, cadre, tree.grid, { kind: "window", name: "便民服务窗口" });
    const res = await env.app.inject({ method: "GET", url: `/api/public/villages/${tree.village}/card` });
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card.members[0]).toMatchObject({ title: "党支部书记", workPhone: "0936-7654321" });
    expect(card.members.at(-1)).toMatchObject({ title: "驻村民警", police: true });
    expect(card.reportUrl).toMatch(/\/m\/p\//);
    expect(card.households).toBeGreaterThan(0);
  });

  it("prints several cards per A4 sheet for staff in the jurisdiction", async () => {
    const res = await call(env, cadre, {
      method: "GET",
      url: `/api/v1/villages/${tree.village}/cards/print?copies=6`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body.match(/class="card"/g)?.length).toBe(6);
    expect(res.body).toContain("@page");
    const cov = await call(env, cadre, { method: "GET", url: "/api/v1/contact-cards/coverage" });
    expect(cov.json().items[0]).toMatchObject({ code: tree.village });
    // The console warns before printing a card with nobody on it, so coverage says who is on each.
    expect(cov.json().items[0].contacts).toBeGreaterThan(0);
    const other = await login(env, { roles: ["township_leader"], region: tree.otherTownship });
    const empty = await call(env, other, { method: "GET", url: "/api/v1/contact-cards/coverage" });
    expect(empty.json().items).toEqual([expect.objectContaining({ contacts: 0 })]);
  });
});
