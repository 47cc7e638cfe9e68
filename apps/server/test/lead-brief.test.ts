import { beforeAll, describe, expect, it } from "vitest";
import { briefWeek, deliverBriefIfDue, mondayOf } from "../src/modules/dashboard/brief";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let leader: Session;
let admin: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  leader = await login(env, { roles: ["leader"], region: tree.county });
  admin = await login(env, { roles: ["admin"], region: tree.county });
  const clerk = await login(env, { roles: ["center_staff"], region: tree.county });
  const res = await call(env, clerk, {
    method: "POST",
    url: "/api/v1/cases",
    payload: sampleCase(tree.grid),
  });
  expect(res.statusCode).toBe(201);
});

describe("周报 weekly brief", () => {
  it.each([
    ["2026-11-30", "2026-11-30"], // a Monday
    ["2026-12-06", "2026-11-30"], // its Sunday
    ["2026-12-02", "2026-11-30"],
  ])("the week of %s starts on Monday %s", (day, monday) => expect(mondayOf(day)).toBe(monday));

  it("covers the last complete week by default (Beijing days)", () => {
    expect(briefWeek(undefined, new Date("2026-12-01T02:00:00Z"))).toEqual({
      from: "2026-11-23",
      to: "2026-11-29",
    });
  });

  it("is a printable A4 page of the region with this week's figures", async () => {
    const week = briefWeek(undefined, env.ctx.clock.now());
    const thisWeek = mondayOf(
      new Date(env.ctx.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    );
    const res = await call(env, leader, { method: "GET", url: `/api/v1/brief.html?week=${thisWeek}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.body).toContain("@page { size: A4");
    expect(res.body).toContain(`county-${tree.county}矛盾纠纷调处化解工作周报`);
    expect(res.body).toMatch(/受理登记<\/td><td class="n">1<\/td><td class="n">0<\/td><td>↑1/);
    expect(week.from < thisWeek).toBe(true);
  });

  it("keeps to the jurisdiction: a township leader cannot open the neighbour's brief", async () => {
    const tl = await login(env, { roles: ["township_leader"], region: tree.otherTownship });
    const res = await call(env, tl, { method: "GET", url: `/api/v1/brief.html?region=${tree.township}` });
    expect(res.statusCode).toBe(404);
  });

  it("prints to PDF with Chromium when it is installed", async () => {
    const res = await call(env, leader, { method: "GET", url: "/api/v1/brief.pdf" });
    expect([200, 501]).toContain(res.statusCode);
    if (res.statusCode === 200) expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    else expect(res.json().error).toBe("PDF_UNAVAILABLE");
  }, 60_000);

  it("is delivered through the outbox once a week to the configured address", async () => {
    // Due from today 00:00 (Beijing), whatever day the test runs.
    const local = new Date(env.ctx.clock.now().getTime() + 8 * 3_600_000);
    const weekday = ((local.getUTCDay() + 6) % 7) + 1;
    const body = { to: "zhengfa@example.cn", region: tree.county, weekday, hour: 0 };
    expect(
      (await call(env, leader, { method: "PUT", url: "/api/v1/brief/settings", payload: body })).statusCode,
    ).toBe(403);
    const put = await call(env, admin, { method: "PUT", url: "/api/v1/brief/settings", payload: body });
    expect(put.statusCode, put.body).toBe(200);
    expect(await deliverBriefIfDue(env.ctx)).toBe(true);
    expect(await deliverBriefIfDue(env.ctx)).toBe(false);
    const rows = await env.ctx.db
      .selectFrom("outbox")
      .selectAll()
      .where("topic", "=", "brief.weekly")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toMatchObject({ to: "zhengfa@example.cn", region: tree.county });
    await env.ctx.clock.advance(7 * 86_400_000);
    expect(await deliverBriefIfDue(env.ctx)).toBe(true);
  });
});
