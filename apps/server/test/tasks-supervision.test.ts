import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { changeCase } from "../src/modules/cases/case-change";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// 督办 views and 效果联评 scorecards on a hand-made set of four tasks whose every outcome is known:
//   A lead  on case 1: signed and answered on time; case resolved, citizen dissatisfied → reopened
//   A co    on case 2: never signed → yellow, then red 督办单; open and overdue
//   B lead  on case 3: returned
//   B lead  on case 4: signed on time, answered late (after its yellow and red 督办单); case resolved,
//                      citizen satisfied

const DAY = 24 * 3600_000;
let env: TestEnv;
let tree: Tree;
let center: Session;
let township: Session;
const units: Record<"A" | "B", string> = { A: "", B: "" };
const tasks: Record<string, string> = {};
const sessions: Record<"A" | "B", Session | null> = { A: null, B: null };
let from = "";
let to = "";

async function newAcceptedCase() {
  const c = (
    await call(env, center, { method: "POST", url: "/api/v1/cases", payload: sampleCase(tree.grid) })
  ).json();
  await call(env, center, {
    method: "POST",
    url: `/api/v1/cases/${c.id}/commands`,
    payload: { type: "accept", version: c.version },
  });
  return c.id as string;
}
const dispatch = async (caseId: string, unit: "A" | "B", role: "lead" | "co") =>
  (
    await call(env, center, {
      method: "POST",
      url: `/api/v1/cases/${caseId}/tasks`,
      payload: { unitId: units[unit], role, instructions: `任务 ${unit} ${role}`, days: 2 },
    })
  ).json().id as string;
const act = (unit: "A" | "B", id: string, what: string, payload?: object) =>
  call(env, sessions[unit], {
    method: "POST",
    url: `/api/v1/tasks/${id}/${what}`,
    ...(payload ? { payload } : {}),
  });
// The township leadership: after ten days the ladder has climbed to 拍板, theirs to settle.
async function resolve(caseId: string) {
  const v = (await call(env, township, { method: "GET", url: `/api/v1/cases/${caseId}` })).json().version;
  const r = await call(env, township, {
    method: "POST",
    url: `/api/v1/cases/${caseId}/commands`,
    payload: { type: "resolve", summary: "化解", version: v },
  });
  expect(r.statusCode).toBe(200);
}
async function rate(caseId: string, rating: "satisfied" | "dissatisfied") {
  await env.ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom("cases")
      .selectAll()
      .where("id", "=", caseId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const cause = { type: "rated" as const, rating, comment: "" };
    await changeCase({ ctx: env.ctx, tx, row, cause, now: env.ctx.clock.now(), actorId: null });
  });
}
const beijingDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  for (const [k, name] of [
    ["A", "县自然资源局"],
    ["B", "县住建局"],
  ] as const) {
    units[k] = (
      await env.ctx.db
        .insertInto("units")
        .values({ kind: "department", name, region_code: tree.county, stationing: "resident" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    sessions[k] = await login(env, { roles: ["department_handler"], region: tree.county, unitId: units[k] });
  }
  center = await login(env, { roles: ["center_staff"], region: tree.township });
  township = await login(env, { roles: ["township_leader"], region: tree.township });
  from = beijingDay(env.ctx.clock.now());
  const cases = [
    await newAcceptedCase(),
    await newAcceptedCase(),
    await newAcceptedCase(),
    await newAcceptedCase(),
  ];
  tasks.a1 = await dispatch(cases[0] as string, "A", "lead");
  tasks.a2 = await dispatch(cases[1] as string, "A", "co");
  tasks.b3 = await dispatch(cases[2] as string, "B", "lead");
  tasks.b4 = await dispatch(cases[3] as string, "B", "lead");
  await act("A", tasks.a1, "sign");
  await act("A", tasks.a1, "answer", { result: "已办结" });
  await act("B", tasks.b3, "return", { reason: "非本单位职责" });
  await act("B", tasks.b4, "sign");
  await resolve(cases[0] as string);
  await rate(cases[0] as string, "dissatisfied");
  // Ten days on: a2 was never signed (yellow, then red); b4 is answered late.
  await env.ctx.clock.advance(10 * DAY);
  await sweepClocks(env.ctx);
  await act("B", tasks.b4, "answer", { result: "迟到的答复" });
  await resolve(cases[3] as string);
  await rate(cases[3] as string, "satisfied");
  to = beijingDay(env.ctx.clock.now());
});

type View = { items: { id: string; overdueHours: number }[]; byUnit: { unitName: string; count: number }[] };
const view = async (s: Session, q: string) =>
  call(env, s, { method: "GET", url: `/api/v1/supervision/tasks?${q}` });

describe("supervision views", () => {
  it.each([
    ["unsigned", ["a2"]],
    ["unanswered", ["a2"]],
    ["returned", ["b3"]],
    ["overdue", ["a2"]],
  ] as const)("%s → %j", async (v, expected) => {
    const body: View = (await view(center, `view=${v}`)).json();
    expect(body.items.map((i) => i.id)).toEqual(expected.map((k) => tasks[k]));
  });

  it("groups by unit and by age; filters by unit and minimum age", async () => {
    const body = (await view(center, "view=overdue")).json();
    expect(body.byUnit).toEqual([{ unitId: units.A, unitName: "县自然资源局", count: 1 }]);
    expect(body.byAge).toEqual([
      { bucket: "lt1d", count: 0 },
      { bucket: "d1to3", count: 0 },
      { bucket: "gt3d", count: 1 },
    ]);
    expect(body.items[0].supervision).toBe("red");
    expect((await view(center, `view=overdue&unitId=${units.B}`)).json().items).toEqual([]);
    expect((await view(center, "view=overdue&minDays=30")).json().items).toEqual([]);
  });

  it.each([
    ["leader", "county", 200, 1],
    ["township_leader", "township", 200, 1],
    ["center_staff", "otherTownship", 200, 0],
    ["grid_worker", "grid", 403, 0],
    ["department_handler", "county", 403, 0],
  ] as const)("%s at %s → %i with %i overdue", async (role, where, status, n) => {
    const s = await login(env, { roles: [role], region: tree[where] });
    const res = await view(s, "view=overdue");
    expect(res.statusCode).toBe(status);
    if (status === 200) expect(res.json().items).toHaveLength(n);
  });
});

describe("scorecards: outcomes per unit", () => {
  it("counts each unit's deadlines kept, returns, overdue, red notices, resolutions, ratings and reopenings", async () => {
    const res = await call(env, center, { method: "GET", url: `/api/v1/scorecards?from=${from}&to=${to}` });
    expect(res.statusCode).toBe(200);
    const byName = Object.fromEntries(res.json().units.map((u: { unitName: string }) => [u.unitName, u]));
    expect(byName.县自然资源局).toEqual({
      unitId: units.A,
      unitName: "县自然资源局",
      tasks: 2,
      signedOnTime: 1,
      answeredOnTime: 1,
      returned: 0,
      overdue: 1,
      yellowNotices: 1,
      redNotices: 1,
      casesResolved: 0, // resolved, then reopened by the citizen: not resolved any more
      ratings: 1,
      satisfied: 0,
      satisfaction: 0,
      reopened: 1,
      trainingSessions: 0,
      trainingPersonHours: 0,
      lawReport: null,
    });
    expect(byName.县住建局).toMatchObject({
      tasks: 2,
      signedOnTime: 1,
      answeredOnTime: 0,
      returned: 1,
      overdue: 1,
      yellowNotices: 1,
      redNotices: 1,
      casesResolved: 1,
      ratings: 1,
      satisfied: 1,
      satisfaction: 1,
      reopened: 0,
    });
  });

  it("without a period: the month so far in Beijing days by the server's clock, today's work included", async () => {
    const res = await call(env, center, { method: "GET", url: "/api/v1/scorecards" });
    expect(res.statusCode).toBe(200);
    const today = beijingDay(env.ctx.clock.now());
    expect(res.json()).toMatchObject({ from: `${today.slice(0, 8)}01`, to: today });
    const explicit = await call(env, center, {
      method: "GET",
      url: `/api/v1/scorecards?from=${today.slice(0, 8)}01&to=${today}`,
    });
    expect(res.json().units).toEqual(explicit.json().units);
    // This file's tasks were given on `from`: in the month so far unless the test clock crossed a month.
    if (from.slice(0, 7) === today.slice(0, 7))
      expect(res.json().units.some((u: { tasks: number }) => u.tasks > 0)).toBe(true);
  });

  it("a period before the tasks counts nothing; a neighbour township sees none of them", async () => {
    const before = await call(env, center, {
      method: "GET",
      url: "/api/v1/scorecards?from=2020-01-01&to=2020-01-31",
    });
    expect(before.json().units.every((u: { tasks: number }) => u.tasks === 0)).toBe(true);
    const n = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
    const res = await call(env, n, { method: "GET", url: `/api/v1/scorecards?from=${from}&to=${to}` });
    expect(res.json().units).toEqual([]);
    const bad = await call(env, center, {
      method: "GET",
      url: "/api/v1/scorecards?from=2026-02-30&to=2026-01-01",
    });
    expect(bad.statusCode).toBe(400);
  });

  it("exports the same figures to Excel and prints them", async () => {
    const res = await call(env, center, {
      method: "GET",
      url: `/api/v1/scorecards.xlsx?from=${from}&to=${to}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.getWorksheet("效果联评")?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1, 8)).toEqual([
      "单位",
      "交办任务",
      "按时签收",
      "按时答复",
      "退回",
      "超期",
      "黄色督办",
    ]);
    expect(rows.find((r) => r[1] === "县住建局")?.slice(1, 9)).toEqual(["县住建局", 2, 1, 0, 1, 1, 1, 1]);
    const page = await call(env, center, {
      method: "GET",
      url: `/api/v1/scorecards/print?from=${from}&to=${to}`,
    });
    expect(page.body).toContain("县自然资源局");
    expect(page.body).toContain("不计登录、点击、打卡");
    expect(page.body).toContain("@page { size: A4");
  });

  // Last in the file: it moves the clock on.
  it("a task not signed for by its deadline is overdue and has its yellow 督办单 while its reply is not yet due; signing late stays overdue", async () => {
    const before = (
      await call(env, center, { method: "GET", url: `/api/v1/scorecards?from=${from}&to=${to}` })
    )
      .json()
      .units.find((u: { unitId: string }) => u.unitId === units.B);
    const caseId = await newAcceptedCase();
    const task = (
      await call(env, center, {
        method: "POST",
        url: `/api/v1/cases/${caseId}/tasks`,
        payload: { unitId: units.B, role: "co", instructions: "三十天内答复", days: 30 },
      })
    ).json();
    const id = task.id as string;
    // An hour past the sign-for deadline (one working day, whatever the weekday): yellow, not yet red.
    await env.ctx.clock.advance(
      new Date(task.signDueAt).getTime() - env.ctx.clock.now().getTime() + 3600_000,
    );
    await sweepClocks(env.ctx);
    const until = beijingDay(env.ctx.clock.now());
    const card = async () =>
      (await call(env, center, { method: "GET", url: `/api/v1/scorecards?from=${from}&to=${until}` }))
        .json()
        .units.find((u: { unitId: string }) => u.unitId === units.B);
    expect(await card()).toMatchObject({
      tasks: before.tasks + 1,
      signedOnTime: before.signedOnTime,
      overdue: before.overdue + 1,
      yellowNotices: before.yellowNotices + 1,
      redNotices: before.redNotices,
    });
    expect((await act("B", id, "sign")).statusCode).toBe(200);
    expect(await card()).toMatchObject({ overdue: before.overdue + 1, signedOnTime: before.signedOnTime });
  });
});
