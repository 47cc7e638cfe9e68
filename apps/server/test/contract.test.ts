// Issue 8, "a typed contract": the console's endpoints answer in the shapes of core's response
// schemas (the console's types are inferred from them), and /api/docs shows those shapes.
import {
  ZAttachmentList,
  ZCalendarYear,
  ZCardCoverage,
  ZCaseDetail,
  ZCasePage,
  ZCaseSummary,
  ZCaseView,
  ZClockInfo,
  ZContacts,
  ZEscalationChoices,
  ZMe,
  ZPlaceList,
  ZRegionList,
  ZUnitList,
  ZUserList,
  ZWorkbench,
} from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepClocks } from "../src/jobs/clock-sweep";
import { presentCase, presentCaseSummary } from "../src/modules/cases/cases.presenter";
import { createPlace, reportBody, submit } from "./citizen-fixtures";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, testEnv } from "./helpers";

let env: TestEnv;
let cadre: Session;
let grid: Session;
let region: string;
let township: string;

beforeAll(async () => {
  env = await testEnv();
  const tree = await makeTree(env.ctx);
  region = tree.grid;
  township = tree.township;
  cadre = await login(env, { roles: ["village_cadre"], region: tree.village });
  grid = await login(env, { roles: ["grid_worker"], region: tree.grid });
});

async function get(who: Session, url: string) {
  const res = await call(env, who, { method: "GET", url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function command(who: Session, code: string, body: Record<string, unknown>) {
  const { version } = ZCaseDetail.parse(await get(who, `/api/v1/cases/${code}`));
  const res = await call(env, who, {
    method: "POST",
    url: `/api/v1/cases/${code}/commands`,
    payload: { ...body, version },
  });
  expect(res.statusCode, res.body).toBe(200);
  return ZCaseView.parse(res.json());
}

describe("the OpenAPI document", () => {
  it("shows a 200 response schema with properties for the console's main endpoints", async () => {
    const res = await env.app.inject({ method: "GET", url: "/api/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    const props = (path: string) =>
      doc.paths[path]?.get?.responses?.["200"]?.content?.["application/json"]?.schema?.properties ?? {};
    expect(Object.keys(props("/api/v1/cases"))).toEqual(["items", "nextCursor"]);
    expect(Object.keys(props("/api/v1/cases/{ref}"))).toEqual(Object.keys(ZCaseDetail.shape));
    expect(props("/api/v1/cases/{ref}").timeline.type).toBe("array");
    expect(Object.keys(props("/api/v1/workbench"))).toEqual(["counts", "queue", "redCount"]);
    expect(Object.keys(props("/api/v1/auth/me"))).toEqual(Object.keys(ZMe.shape));
  });
});

describe("answers parse with core's schemas", () => {
  it("a hotline case through its life: new, escalated, paused, resolved", async () => {
    const created = await call(env, grid, {
      method: "POST",
      url: "/api/v1/cases",
      payload: sampleCase(region),
    });
    expect(created.statusCode, created.body).toBe(201);
    const c = ZCaseView.parse(created.json());
    expect(c.parties[0]?.phone).not.toBe("13800001234"); // masked

    const fresh = ZCaseDetail.parse(await get(grid, `/api/v1/cases/${c.code}`));
    expect(fresh.policy?.steps.length).toBeGreaterThan(0);
    expect(fresh.allowedActions).toContain("accept");
    expect(fresh.pausedAt).toBeNull();
    expect(
      ZEscalationChoices.parse(await get(grid, `/api/v1/cases/${c.code}/escalation`)).choices,
    ).toHaveLength(1);

    // A missed step: the sweep fires the clock and escalates; the detail carries firedAt and red.
    await env.ctx.clock.advance(2 * 86_400_000);
    await sweepClocks(env.ctx);
    const late = ZCaseDetail.parse(await get(cadre, `/api/v1/cases/${c.code}`));
    expect(late.missedDeadline).toBe(true);
    expect(late.clocks.some((k) => k.firedAt !== null)).toBe(true);

    await command(cadre, c.code, { type: "accept" });
    const paused = await command(cadre, c.code, { type: "pause", reason: "当事人外出务工" });
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.pausedFrom).not.toBeNull();
    ZCaseDetail.parse(await get(cadre, `/api/v1/cases/${c.code}`));
    await command(cadre, c.code, { type: "resume" });
    const done = await command(cadre, c.code, { type: "resolve", summary: "双方达成协议" });
    expect(done.outcome).toBe("resolved");
    expect(done.resolvedAt).not.toBeNull();
    ZCaseDetail.parse(await get(cadre, `/api/v1/cases/${c.code}`));

    const contacts = await call(env, cadre, { method: "POST", url: `/api/v1/cases/${c.code}/contacts` });
    expect(contacts.statusCode, contacts.body).toBe(200);
    expect(ZContacts.parse(contacts.json()).reporter.phone).toBe("13800001234");
  });

  it("a 码上反映 case with its callback clock, in the list, the detail and the workbench", async () => {
    const place = await createPlace(env, cadre, region);
    const res = await submit(env, reportBody(place.token));
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json().code as string;

    const detail = ZCaseDetail.parse(await get(cadre, `/api/v1/cases/${code}`));
    expect(detail.reporterName).not.toBeNull();
    expect(detail.clocks.map((k) => k.kind)).toContain("callback");
    const wb = ZWorkbench.parse(await get(cadre, "/api/v1/workbench"));
    expect(wb.queue.find((q) => q.code === code)?.callbackDueAt).toBe(res.json().callbackDueAt);

    const page = ZCasePage.parse(await get(cadre, "/api/v1/cases?limit=1"));
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    expect(ZCasePage.parse(await get(cadre, "/api/v1/cases?limit=50")).nextCursor).toBeNull();
    expect(ZMe.parse(await get(cadre, "/api/v1/auth/me")).roles).toEqual(["village_cadre"]);
    expect(ZAttachmentList.parse(await get(cadre, `/api/v1/cases/${code}/attachments`)).items).toEqual([]);
  });

  it("the console's other lists: places, card coverage, regions, units, users, calendar, clock", async () => {
    await createPlace(env, cadre, region, { name: "村委会窗口", kind: "window" });
    expect(ZPlaceList.parse(await get(cadre, "/api/v1/places")).items.length).toBeGreaterThan(0);
    expect(ZCardCoverage.parse(await get(cadre, "/api/v1/contact-cards/coverage")).items.length).toBe(1);
    expect(ZRegionList.parse(await get(grid, "/api/v1/regions")).items[0]?.code).toBe(region);
    ZUnitList.parse(await get(grid, "/api/v1/units"));
    const admin = await login(env, { roles: ["admin"], region: township });
    expect(ZUserList.parse(await get(admin, "/api/v1/users")).items.length).toBeGreaterThanOrEqual(3);
    const year = ZCalendarYear.parse(await get(grid, "/api/v1/calendar?year=2025"));
    expect(year.official.length).toBeGreaterThan(0);
    expect(ZClockInfo.parse(await get(grid, "/api/v1/admin/clock")).testClock).toBe(true);
  });

  it("the schemas name exactly the presenters' fields, so none is dropped on the way out", async () => {
    const row = await env.ctx.db.selectFrom("cases").selectAll().limit(1).executeTakeFirstOrThrow();
    const sorted = (o: object) => Object.keys(o).sort();
    expect(sorted(presentCaseSummary(row, env.ctx.pd))).toEqual(sorted(ZCaseSummary.shape));
    expect(sorted(presentCase(row, env.ctx.pd))).toEqual(sorted(ZCaseView.shape));
  });
});
