import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// 教学练战 and 述学述评述督 (issue 11): recorded per unit, read beside its outcomes on the scorecard.

let env: TestEnv;
let tree: Tree;
let bureau: string;
let neighbourBureau: string;
let center: Session;
let handler: Session;
let otherCenter: Session;
let grid: Session;

const unit = async (name: string, region: string) =>
  (
    await env.ctx.db
      .insertInto("units")
      .values({ kind: "department", name, region_code: region })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
const drill = {
  heldOn: "2026-11-20",
  kind: "drill",
  topic: "矛盾纠纷调处实操演练",
  hours: 3.5,
  attendees: 12,
};
const report = {
  title: "2026年度述学述评述督报告",
  presentedOn: "2026-12-20",
  study: "全年集中学法12次，学习《人民调解法》《信访工作条例》。",
  review: "按时签收交办任务，答复质量较好，仍有两件超期。",
  supervision: "接受县综治中心督办3次，均已整改。",
};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  bureau = await unit(`自然资源所${tree.township}`, tree.township);
  neighbourBureau = await unit(`自然资源所${tree.otherTownship}`, tree.otherTownship);
  center = await login(env, { roles: ["center_staff"], region: tree.township });
  handler = await login(env, { roles: ["department_handler"], region: tree.township, unitId: bureau });
  otherCenter = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});

describe("教学练战 trainings", () => {
  it("the township center records a unit's drill; it is listed and audited", async () => {
    const res = await call(env, center, {
      method: "POST",
      url: `/api/v1/units/${bureau}/trainings`,
      payload: drill,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ ...drill, hours: 3.5 });
    const list = await call(env, center, {
      method: "GET",
      url: `/api/v1/units/${bureau}/trainings?from=2026-11-01&to=2026-11-30`,
    });
    expect(list.json().items.map((i: { topic: string }) => i.topic)).toEqual([drill.topic]);
    const audited = await env.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("entity_id", "=", bureau)
      .execute();
    expect(audited.map((a) => a.action)).toContain("unit.training_recorded");
  });

  it("a unit's own handler records its study session; bad input is a 400 with words", async () => {
    const ok = await call(env, handler, {
      method: "POST",
      url: `/api/v1/units/${bureau}/trainings`,
      payload: { ...drill, kind: "learn", hours: 2, attendees: 30, heldOn: "2026-11-25" },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const bad = await call(env, handler, {
      method: "POST",
      url: `/api/v1/units/${bureau}/trainings`,
      payload: { ...drill, hours: 1.25 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("INVALID_INPUT");
    expect(bad.json().messages.zh).toBeTruthy();
  });

  it.each([
    ["the neighbour township's center", () => otherCenter, () => bureau, 404],
    ["a grid worker", () => grid, () => bureau, 404],
    ["a handler, for another unit", () => handler, () => neighbourBureau, 404],
  ] as const)("%s cannot record: %s", async (_n, who, id, status) => {
    const res = await call(env, who(), {
      method: "POST",
      url: `/api/v1/units/${id()}/trainings`,
      payload: drill,
    });
    expect(res.statusCode).toBe(status);
  });

  it("a mistaken entry can be deleted, and the audit log keeps what it said", async () => {
    const made = await call(env, center, {
      method: "POST",
      url: `/api/v1/units/${bureau}/trainings`,
      payload: { ...drill, topic: "录错的一条", heldOn: "2026-10-01" },
    });
    const gone = await call(env, center, {
      method: "DELETE",
      url: `/api/v1/units/${bureau}/trainings/${made.json().id}`,
    });
    expect(gone.statusCode).toBe(204);
    const again = await call(env, center, {
      method: "DELETE",
      url: `/api/v1/units/${bureau}/trainings/${made.json().id}`,
    });
    expect(again.statusCode).toBe(404);
    const row = await env.ctx.db
      .selectFrom("audit_log")
      .select("data")
      .where("action", "=", "unit.training_deleted")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row.data)).toContain("录错的一条");
  });
});

describe("述学述评述督 and the scorecard", () => {
  it("saves the year's report once and updates it in place", async () => {
    const first = await call(env, handler, {
      method: "PUT",
      url: `/api/v1/units/${bureau}/law-reports/2026`,
      payload: report,
    });
    expect(first.statusCode, first.body).toBe(200);
    const second = await call(env, center, {
      method: "PUT",
      url: `/api/v1/units/${bureau}/law-reports/2026`,
      payload: { ...report, assessment: "评议：较好" },
    });
    expect(second.statusCode).toBe(200);
    const list = await call(env, center, { method: "GET", url: `/api/v1/units/${bureau}/law-reports` });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ year: 2026, assessment: "评议：较好" });
  });

  it("the scorecard shows trainings and person-hours beside the outcomes, and the report's title", async () => {
    const res = await call(env, center, {
      method: "GET",
      url: "/api/v1/scorecards?from=2026-11-01&to=2026-11-30",
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = res.json().units.find((u: { unitId: string }) => u.unitId === bureau);
    // 3.5 h × 12 + 2 h × 30 = 102 person-hours; a unit with no tasks still appears for its trainings.
    expect(row).toMatchObject({
      tasks: 0,
      trainingSessions: 2,
      trainingPersonHours: 102,
      lawReport: { year: 2026, title: report.title },
    });
    const xlsx = await call(env, center, {
      method: "GET",
      url: "/api/v1/scorecards.xlsx?from=2026-11-01&to=2026-11-30",
    });
    expect(xlsx.statusCode).toBe(200);
  });
});
