import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// 旅游警务: a tourist's report from a scenic spot's QR code goes to the spot's post with a 15-minute
// answer clock (warned, red when missed, stopped by the post's answer); the duty roster and its print.

const MIN = 60_000;
let env: TestEnv;
let tree: Tree;
let admin: Session;
let cadre: Session;
let post: Session;
let station: string;
let spot: { id: string; token: string };

interface Clock {
  kind: string;
  dueAt: string;
  warnAt: string | null;
  stoppedAt: string | null;
  firedAt: string | null;
  basis: string;
}
interface Detail {
  assignedUnitId: string | null;
  warning: string;
  timeline: { type: string; data: Record<string, unknown> }[];
  clocks: Clock[];
}

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  const u = await env.ctx.db
    .insertInto("units")
    .values({ kind: "police_station", name: "景区派出所", region_code: tree.township })
    .returning("id")
    .executeTakeFirstOrThrow();
  station = u.id;
  admin = await login(env, { roles: ["admin"], region: tree.county });
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  post = await login(env, { roles: ["police"], region: tree.village, unitId: station });
  spot = await createPlace(env, cadre, tree.grid, { kind: "scenic_spot", name: "湿地公园游客中心" });
  const set = await call(env, cadre, {
    method: "PUT",
    url: `/api/v1/places/${spot.id}/post`,
    payload: { name: "湿地公园旅游警务室", phone: "0936-8521120", unitId: station },
  });
  expect(set.statusCode, set.body).toBe(200);
});

async function tourist(category = "tourism") {
  const res = await submit(
    env,
    reportBody(spot.token, { category, description: "停车场乱收费，与管理员起了争执。" }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().code as string;
}
const detail = async (code: string) =>
  (await call(env, cadre, { method: "GET", url: `/api/v1/cases/${code}` })).json() as Detail;
const answerClock = (d: Detail) => d.clocks.find((c) => c.kind === "tourism.answer");
const types = (d: Detail) => d.timeline.map((e) => e.type).filter((t) => t.startsWith("tourism."));
const version = async (code: string) =>
  (await env.ctx.db.selectFrom("cases").select("version").where("code", "=", code).executeTakeFirstOrThrow())
    .version;

describe("a tourist's report at the scenic spot", () => {
  it("goes to the post's unit with a 15-minute clock; warned at 10, red at 15", async () => {
    const code = await tourist();
    const start = env.ctx.clock.now().getTime();
    let d = await detail(code);
    expect(d.assignedUnitId).toBe(station);
    const clock = answerClock(d);
    expect(new Date(clock?.dueAt ?? 0).getTime() - start).toBeLessThanOrEqual(15 * MIN);
    expect(new Date(clock?.dueAt ?? 0).getTime() - start).toBeGreaterThan(14 * MIN);
    expect(clock?.basis).toContain("15分钟");
    const wb = await call(env, post, { method: "GET", url: "/api/v1/workbench" });
    expect(wb.json().queue.map((i: { code: string }) => i.code)).toContain(code);

    await env.ctx.clock.advance(11 * MIN);
    await sweepClocks(env.ctx);
    d = await detail(code);
    expect(types(d)).toEqual(["tourism.received", "tourism.answer_warned"]);
    expect(d.warning).not.toBe("red");

    await env.ctx.clock.advance(5 * MIN);
    await sweepClocks(env.ctx);
    d = await detail(code);
    expect(types(d)).toEqual(["tourism.received", "tourism.answer_warned", "tourism.answer_overdue"]);
    expect(d.warning).toBe("red");
    const row = await env.ctx.db
      .selectFrom("tour_reports")
      .selectAll()
      .where("due_at", "<", env.ctx.clock.now())
      .execute();
    expect(row.some((r) => r.overdue_at !== null && r.answered_at === null)).toBe(true);
  });

  it("the post's accept answers it in time: the clock stops and nothing turns red", async () => {
    const code = await tourist();
    await env.ctx.clock.advance(3 * MIN);
    const res = await call(env, post, {
      method: "POST",
      url: `/api/v1/cases/${code}/commands`,
      payload: { type: "accept", version: await version(code) },
    });
    expect(res.statusCode, res.body).toBe(200);
    await env.ctx.clock.advance(20 * MIN);
    await sweepClocks(env.ctx);
    const d = await detail(code);
    expect(answerClock(d)?.stoppedAt).not.toBeNull();
    expect(types(d)).toEqual(["tourism.received", "tourism.answered"]);
    expect(d.timeline.find((e) => e.type === "tourism.answered")?.data).toMatchObject({
      how: "accept",
      late: false,
    });
    expect(d.warning).not.toBe("red");
  });

  it("someone else's note leaves the clock running; the post's answer stops it", async () => {
    const code = await tourist();
    const note = await call(env, cadre, {
      method: "POST",
      url: `/api/v1/cases/${code}/commands`,
      payload: { type: "note", text: "已通知景区管理方", version: await version(code) },
    });
    expect(note.statusCode, note.body).toBe(200);
    expect(answerClock(await detail(code))?.stoppedAt).toBeNull();
    const notPost = await call(env, cadre, {
      method: "POST",
      url: `/api/v1/cases/${code}/tour-answer`,
      payload: { note: "x" },
    });
    expect(notPost.statusCode).toBe(409);
    const waiting = async () =>
      (await call(env, post, { method: "GET", url: `/api/v1/tourism/posts/${spot.id}/waiting` }))
        .json()
        .items.map((w: { code: string }) => w.code);
    expect(await waiting()).toContain(code);
    const res = await call(env, post, {
      method: "POST",
      url: `/api/v1/cases/${code}/tour-answer`,
      payload: { note: "民警已到停车场现场处理，退还多收费用" },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().late).toBe(false);
    const again = await call(env, post, {
      method: "POST",
      url: `/api/v1/cases/${code}/tour-answer`,
      payload: { note: "再次" },
    });
    expect(again.statusCode).toBe(409);
    expect(await waiting()).not.toContain(code);
    const d = await detail(code);
    expect(answerClock(d)?.stoppedAt).not.toBeNull();
    expect(types(d)).toContain("tourism.answered");
  });

  it("a report whose case is settled by someone else ends with it: no longer waiting, no overdue", async () => {
    const code = await tourist();
    // The village's cadre finds it a duplicate of an earlier tourist report and rejects it.
    const rejected = await call(env, cadre, {
      method: "POST",
      url: `/api/v1/cases/${code}/commands`,
      payload: { type: "reject", reason: "与前一件游客求助重复", version: await version(code) },
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const waiting = await call(env, post, { method: "GET", url: `/api/v1/tourism/posts/${spot.id}/waiting` });
    expect(waiting.json().items.map((w: { code: string }) => w.code)).not.toContain(code);
    env.ctx.clock.advance(20 * MIN);
    await sweepClocks(env.ctx);
    const d = await detail(code);
    expect(answerClock(d)?.stoppedAt).not.toBeNull();
    expect(types(d)).toEqual(["tourism.received", "tourism.closed"]);
  });

  it("an administrator's 30 minutes applies to the next report; others may not change it", async () => {
    const s = (await call(env, admin, { method: "GET", url: "/api/v1/tourism/settings" })).json();
    expect(s.answerMinutes).toBe(15);
    const denied = await call(env, post, {
      method: "PUT",
      url: "/api/v1/tourism/settings",
      payload: { ...s, answerMinutes: 30 },
    });
    expect(denied.statusCode).toBe(403);
    const ok = await call(env, admin, {
      method: "PUT",
      url: "/api/v1/tourism/settings",
      payload: { ...s, answerMinutes: 30 },
    });
    expect(ok.statusCode).toBe(200);
    const code = await tourist();
    const clock = answerClock(await detail(code));
    expect(new Date(clock?.dueAt ?? 0).getTime() - env.ctx.clock.now().getTime()).toBeGreaterThan(29 * MIN);
    await call(env, admin, { method: "PUT", url: "/api/v1/tourism/settings", payload: s });
  });

  it("a post only on a scenic spot; a report at a plain place starts no clock", async () => {
    const plain = await createPlace(env, cadre, tree.grid, { kind: "building", name: "文化广场" });
    const bad = await call(env, cadre, {
      method: "PUT",
      url: `/api/v1/places/${plain.id}/post`,
      payload: { name: "x", phone: null, unitId: station },
    });
    expect(bad.statusCode).toBe(400);
    const res = await submit(env, reportBody(plain.token));
    const d = await detail(res.json().code);
    expect(answerClock(d)).toBeUndefined();
  });
});

describe("the post's duty roster", () => {
  it("proposes more officers on National Day, saves the post's edits, shows today's duty, prints on A4", async () => {
    const url = `/api/v1/tourism/posts/${spot.id}/roster?from=2026-09-28&days=14`;
    const r = await call(env, post, { method: "GET", url });
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as {
      date: string;
      forecast: { officers: number; holiday: { zh: string } | null };
    }[];
    const by = Object.fromEntries(items.map((i) => [i.date, i.forecast]));
    expect(by["2026-10-01"]?.holiday?.zh).toBe("国庆节");
    expect(by["2026-10-01"]?.officers).toBeGreaterThan(by["2026-09-29"]?.officers ?? 99);

    const today = new Date(env.ctx.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const save = await call(env, post, {
      method: "PUT",
      url: `/api/v1/tourism/posts/${spot.id}/roster`,
      payload: {
        days: [
          { date: "2026-10-01", officers: 4, names: ["杨警官", "王警官"], note: "黄金周" },
          { date: today, officers: 1, names: ["杨警官"], note: null },
        ],
      },
    });
    expect(save.statusCode, save.body).toBe(200);
    const posts = await call(env, post, { method: "GET", url: "/api/v1/tourism/posts" });
    const mine = posts.json().items.find((p: { placeId: string }) => p.placeId === spot.id);
    expect(mine.onDuty).toEqual({ officers: 1, names: ["杨警官"] });
    // The workbench card asks for its own unit's posts: the post's, not a county bureau handler's.
    const own = await call(env, post, { method: "GET", url: "/api/v1/tourism/posts?mine=1" });
    expect(own.json().items.map((p: { placeId: string }) => p.placeId)).toEqual([spot.id]);
    const bureau = await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name: "县人社局", region_code: tree.county, stationing: "resident" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const handler = await login(env, {
      roles: ["department_handler"],
      region: tree.county,
      unitId: bureau.id,
    });
    const county = await call(env, handler, { method: "GET", url: "/api/v1/tourism/posts" });
    expect(county.json().items.map((p: { placeId: string }) => p.placeId)).toContain(spot.id);
    expect(
      (await call(env, handler, { method: "GET", url: "/api/v1/tourism/posts?mine=1" })).json().items,
    ).toEqual([]);

    const print = await call(env, post, {
      method: "GET",
      url: `/api/v1/tourism/posts/${spot.id}/roster/print?from=2026-09-28&days=14`,
    });
    expect(print.statusCode).toBe(200);
    expect(print.headers["content-type"]).toContain("text/html");
    expect(print.body).toContain("size: A4");
    expect(print.body).toContain("湿地公园旅游警务室 执勤表");
    expect(print.body).toContain("杨警官、王警官");
    expect(print.body).toContain("国庆节");
  });

  it("roster access: another village's cadre 404, a grid worker in the region 403", async () => {
    const outsider = await login(env, { roles: ["village_cadre"], region: tree.otherVillage });
    const url = `/api/v1/tourism/posts/${spot.id}/roster/print`;
    expect((await call(env, outsider, { method: "GET", url })).statusCode).toBe(404);
    const grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
    expect((await call(env, grid, { method: "GET", url })).statusCode).toBe(403);
    const save = await call(env, grid, {
      method: "PUT",
      url: `/api/v1/tourism/posts/${spot.id}/roster`,
      payload: { days: [{ date: "2026-10-02", officers: 9, names: [], note: null }] },
    });
    expect(save.statusCode).toBe(403);
  });
});
