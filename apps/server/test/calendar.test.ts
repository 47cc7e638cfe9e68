import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

let env: TestEnv;
let tree: Tree;
let admin: Session;
let clerk: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  admin = await login(env, { roles: ["admin"], region: tree.county });
  clerk = await login(env, { roles: ["center_staff"], region: tree.county });
});

interface Day {
  date: string;
  kind: string;
  name: string;
}

describe("calendar", () => {
  it("lists the official holidays and 调休 workdays of a known year", async () => {
    const res = await call(env, clerk, { method: "GET", url: "/api/v1/calendar?year=2026" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, known: true, local: [] });
    expect(body.official).toContainEqual({ date: "2026-01-01", kind: "holiday", name: "元旦" });
    expect(body.official.some((d: Day) => d.kind === "workday" && d.name === "春节")).toBe(true);
    const far = (await call(env, clerk, { method: "GET", url: "/api/v1/calendar?year=2099" })).json();
    expect(far).toMatchObject({ known: false, official: [] });
    expect((await call(env, clerk, { method: "GET", url: "/api/v1/calendar?year=abc" })).statusCode).toBe(
      400,
    );
  });

  it("adds, replaces and deletes a local day, audited, and the rules see it at once", async () => {
    const policy = await env.ctx.rules.policy("siji-qitian");
    if (!policy) throw new Error("default policy missing");
    expect((await env.ctx.rules.calendar(policy)).localHolidays).toEqual([]);
    const add = await call(env, admin, {
      method: "POST",
      url: "/api/v1/calendar/days",
      payload: { day: "2026-07-15", kind: "holiday", name: "县庆" },
    });
    expect(add.statusCode, add.body).toBe(200);
    expect((await env.ctx.rules.calendar(policy)).localHolidays).toEqual(["2026-07-15"]);
    await call(env, admin, {
      method: "POST",
      url: "/api/v1/calendar/days",
      payload: { day: "2026-07-15", kind: "workday", name: "补班" },
    });
    const local = (await call(env, clerk, { method: "GET", url: "/api/v1/calendar?year=2026" })).json().local;
    expect(local).toEqual([{ date: "2026-07-15", kind: "workday", name: "补班" }]);

    const del = await call(env, admin, { method: "DELETE", url: "/api/v1/calendar/days/2026-07-15" });
    expect(del.statusCode).toBe(204);
    expect((await env.ctx.rules.calendar(policy)).localWorkdays).toEqual([]);
    const again = await call(env, admin, { method: "DELETE", url: "/api/v1/calendar/days/2026-07-15" });
    expect(again.statusCode).toBe(404);
    const actions = await env.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity", "=", "calendar_day")
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "calendar.day_saved",
      "calendar.day_saved",
      "calendar.day_deleted",
    ]);
  });

  it("refuses non-admins (403) and invalid days (400)", async () => {
    const payload = { day: "2026-07-16", kind: "holiday", name: "x" };
    expect(
      (await call(env, clerk, { method: "POST", url: "/api/v1/calendar/days", payload })).statusCode,
    ).toBe(403);
    for (const bad of [
      { ...payload, day: "2026-02-30" },
      { ...payload, kind: "feast" },
      { ...payload, name: "" },
    ]) {
      const res = await call(env, admin, { method: "POST", url: "/api/v1/calendar/days", payload: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe("INVALID_INPUT");
    }
  });
});
