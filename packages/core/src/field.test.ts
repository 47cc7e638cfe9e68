import { describe, expect, it } from "vitest";
import { type Action, can } from "./access";
import {
  campaignProgress,
  campaignStatus,
  checkAnswers,
  checkCampaign,
  classifyHouseholdQuery,
  percentDone,
} from "./field";
import type { Actor, Role } from "./roles";

const TOWNSHIP = "62.6207.620702.620702100";
const VILLAGE = `${TOWNSHIP}.620702100201`;
const GRID = `${VILLAGE}.620702100201001`;
const NEXT_GRID = `${VILLAGE}.620702100201002`;
const OTHER_VILLAGE_GRID = `${TOWNSHIP}.620702100202.620702100202001`;

const actor = (role: Role, regionPath: string): Actor => ({
  userId: "u1",
  roles: [role],
  regionPath,
  unitId: role === "department_handler" ? "unit-1" : null,
});

describe("who may see and work on a household (access.ts, field rules)", () => {
  it.each<[string, Role, string, Action, string, boolean]>([
    ["the grid's own worker reads it", "grid_worker", GRID, "household.read", GRID, true],
    ["a grid worker does not read the next grid's", "grid_worker", GRID, "household.read", NEXT_GRID, false],
    [
      "the village cadre reads every grid of the village",
      "village_cadre",
      VILLAGE,
      "household.read",
      NEXT_GRID,
      true,
    ],
    [
      "the village cadre not another village's",
      "village_cadre",
      VILLAGE,
      "household.read",
      OTHER_VILLAGE_GRID,
      false,
    ],
    ["the police officer on the village committee reads it", "police", VILLAGE, "household.read", GRID, true],
    ["the police officer reveals contacts", "police", VILLAGE, "household.reveal", GRID, true],
    [
      "township center staff read below",
      "center_staff",
      TOWNSHIP,
      "household.read",
      OTHER_VILLAGE_GRID,
      true,
    ],
    ["a mediator does not read households", "mediator", VILLAGE, "household.read", GRID, false],
    ["a department handler does not", "department_handler", TOWNSHIP, "household.read", GRID, false],
    ["a leader does not", "leader", TOWNSHIP, "household.read", GRID, false],
    ["an admin does not", "admin", TOWNSHIP, "household.read", GRID, false],
    ["the grid worker adds a household", "grid_worker", GRID, "household.write", GRID, true],
    ["the grid worker logs a visit", "grid_worker", GRID, "visit.write", GRID, true],
    ["not in the next grid", "grid_worker", GRID, "visit.write", NEXT_GRID, false],
    [
      "the township leader creates a campaign",
      "township_leader",
      TOWNSHIP,
      "campaign.create",
      TOWNSHIP,
      true,
    ],
    ["center staff create one", "center_staff", TOWNSHIP, "campaign.create", VILLAGE, true],
    ["a grid worker does not create one", "grid_worker", GRID, "campaign.create", GRID, false],
    ["a village cadre does not create one", "village_cadre", VILLAGE, "campaign.create", VILLAGE, false],
    ["the grid worker records a result", "grid_worker", GRID, "campaign.result", GRID, true],
    ["a mediator records 社情民意", "mediator", VILLAGE, "opinion.write", GRID, true],
    ["a leader reads 社情民意", "leader", TOWNSHIP, "opinion.read", GRID, true],
    ["a department handler writes none", "department_handler", TOWNSHIP, "opinion.write", GRID, false],
  ])("%s", (_name, role, home, action, at, expected) => {
    expect(can(actor(role, home), action, { regionPath: at })).toBe(expected);
  });
});

describe("the household search box", () => {
  it.each([
    ["empty", "", { kind: "all" }],
    ["blanks only", "   ", { kind: "all" }],
    ["4 digits: phone last four", "5678", { kind: "phoneLast4", last4: "5678" }],
    ["3 digits: an address (门牌号)", "123", { kind: "address", address: "123" }],
    ["5 digits: an address", "12345", { kind: "address", address: "12345" }],
    ["a 2-character name", "张三", { kind: "name", name: "张三", address: "张三" }],
    ["a 4-character name", "欧阳丽华", { kind: "name", name: "欧阳丽华", address: "欧阳丽华" }],
    ["5 Chinese characters: an address", "马洼村三组", { kind: "address", address: "马洼村三组" }],
    ["one character: an address", "张", { kind: "address", address: "张" }],
    ["mixed: an address", "3号院", { kind: "address", address: "3号院" }],
    ["trimmed", "  李四 ", { kind: "name", name: "李四", address: "李四" }],
  ])("%s", (_name, q, expected) => {
    expect(classifyHouseholdQuery(q)).toEqual(expected);
  });
});

describe("campaign progress", () => {
  const v1 = `${TOWNSHIP}.620702100201`;
  const v2 = `${TOWNSHIP}.620702100202`;
  const regions = [
    { code: "620702100201", name: "马洼村" },
    { code: "620702100202", name: "杨庄村" },
    { code: "620702100203", name: "无户村" },
  ];
  it("sums grids per village of a township campaign, keeping villages without households", () => {
    const p = campaignProgress(
      TOWNSHIP,
      [
        { gridPath: `${v1}.620702100201001`, total: 10, done: 4, positive: 1 },
        { gridPath: `${v1}.620702100201002`, total: 5, done: 5, positive: 0 },
        { gridPath: `${v2}.620702100202001`, total: 8, done: 0, positive: 0 },
      ],
      regions,
    );
    expect(p).toMatchObject({ total: 23, done: 9, positive: 1 });
    expect(p.byRegion).toEqual([
      { code: "620702100201", name: "马洼村", total: 15, done: 9, positive: 1 },
      { code: "620702100202", name: "杨庄村", total: 8, done: 0, positive: 0 },
      { code: "620702100203", name: "无户村", total: 0, done: 0, positive: 0 },
    ]);
  });
  it("a village campaign rolls up by grid", () => {
    const p = campaignProgress(
      v1,
      [{ gridPath: `${v1}.620702100201001`, total: 3, done: 2, positive: 2 }],
      [],
    );
    expect(p.byRegion).toEqual([
      { code: "620702100201001", name: "620702100201001", total: 3, done: 2, positive: 2 },
    ]);
  });
  it("ignores grids outside the campaign's area and never counts more done than households", () => {
    const p = campaignProgress(
      v1,
      [
        { gridPath: `${v2}.620702100202001`, total: 9, done: 9, positive: 9 },
        { gridPath: `${v1}.620702100201001`, total: 2, done: 3, positive: 5 },
      ],
      [],
    );
    expect(p).toMatchObject({ total: 2, done: 2, positive: 2 });
  });
  it.each([
    [0, 0, 0],
    [1, 3, 33],
    [2, 3, 66],
    [99, 100, 99],
    [100, 100, 100],
    [5, 4, 100],
  ])("%i of %i households is %i%%", (done, total, pct) => {
    expect(percentDone(done, total)).toBe(pct);
  });
});

describe("campaign dates and answers", () => {
  const startsAt = new Date("2026-12-01T00:00:00+08:00");
  const dueAt = new Date("2026-12-31T23:59:59+08:00");
  it.each([
    ["before the start", "2026-11-30T12:00:00+08:00", "upcoming"],
    ["on the first day", "2026-12-01T00:00:00+08:00", "active"],
    ["at the due time", "2026-12-31T23:59:59+08:00", "active"],
    ["after", "2027-01-01T00:00:00+08:00", "ended"],
  ])("%s it is %s", (_n, now, status) => {
    expect(campaignStatus({ startsAt, dueAt }, new Date(now))).toBe(status);
  });
  it("refuses a due date before the start and repeated checklist keys", () => {
    expect(() => checkCampaign({ startsAt: dueAt, dueAt: startsAt, checklist: [] })).toThrow(/due date/);
    const twice = [
      { key: "a", label: "A" },
      { key: "a", label: "B" },
    ];
    expect(() => checkCampaign({ startsAt, dueAt, checklist: twice })).toThrow(/unique/);
  });
  it("answers only the campaign's own items", () => {
    const checklist = [{ key: "conflict", label: "有无家庭矛盾" }];
    expect(() => checkAnswers(checklist, { conflict: true })).not.toThrow();
    expect(() => checkAnswers(checklist, {})).not.toThrow();
    expect(() => checkAnswers(checklist, { other: "x" })).toThrow(/other/);
  });
});
