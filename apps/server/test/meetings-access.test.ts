import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";
import { caseAtStep, convene, inTwoHours, type MeetingWorld, meetingWorld, unit } from "./meetings-fixtures";

// Meetings × role × jurisdiction: who convenes which kind where, who sees a meeting, who records it,
// who marks a decision done. Own region allowed, a neighbour's 404, the wrong role 403.

let env: TestEnv;
let tree: Tree;
let w: MeetingWorld;
let caseAt3: string;
let caseAt4: string;
let meetingId: string;
let decisionId: string;
const people: Record<string, Session> = {};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  w = await meetingWorld(env, tree);
  const other = await unit(env, "police_station", "派出所", tree.township);
  const as = (roles: Role[], region: string, unitId: string | null = null) =>
    login(env, { roles, region, unitId });
  Object.assign(people, {
    center: w.center,
    leader: w.leader,
    landHandler: w.landHandler,
    otherCenter: await as(["center_staff"], tree.otherTownship),
    otherLeader: await as(["township_leader"], tree.otherTownship),
    grid: await as(["grid_worker"], tree.grid),
    cadre: await as(["village_cadre"], tree.village),
    otherCadre: await as(["village_cadre"], tree.otherVillage),
    countyLeader: await as(["leader"], tree.county),
    countyCenter: await as(["center_staff"], tree.county),
    policeHandler: await as(["department_handler"], tree.county, other),
    admin: await as(["admin"], tree.county),
  });
  caseAt3 = await caseAtStep(env, w.center, tree.grid, 3);
  caseAt4 = await caseAtStep(env, w.leader, tree.grid, 4);
  const m = await convene(env, w.center, {
    kind: "consultation",
    title: "会诊",
    startsAt: inTwoHours(env),
    place: "会议室",
    caseIds: [caseAt3],
    invitees: [{ unitId: w.land }],
  });
  meetingId = m.json().id;
});

const body =
  (kind: string, caseIds: () => string[], extra: Record<string, unknown> = {}) =>
  () => ({
    kind,
    title: "联席会议",
    startsAt: inTwoHours(env),
    place: "会议室",
    caseIds: caseIds(),
    ...extra,
  });

describe("convening: role, level and jurisdiction", () => {
  const at3 = () => [caseAt3];
  const at4 = () => [caseAt4];
  const rows: [string, string, () => Record<string, unknown>, number][] = [
    ["center staff, own township, 会诊", "center", body("consultation", at3), 201],
    ["township leader, own township, 要事联商", "leader", body("liaison", at3), 201],
    [
      "county center staff, a township's case, 会诊 at the county",
      "countyCenter",
      body("consultation", at3),
      201,
    ],
    ["neighbour township's center staff on our case", "otherCenter", body("consultation", at3), 404],
    [
      "center staff naming the neighbour township as the region",
      "center",
      body("consultation", at3, { regionCode: "" }),
      404,
    ],
    ["grid worker", "grid", body("consultation", at3), 403],
    ["village cadre", "cadre", body("consultation", at3), 403],
    ["county leader: 会诊 is not a leader's", "countyLeader", body("consultation", at3), 403],
    ["department handler", "landHandler", body("consultation", at3), 403],
    ["center staff cannot 拍板", "center", body("decision", at4), 403],
    ["township leader 拍板 at step 4", "leader", body("decision", at4), 201],
    ["township leader 拍板 on a case still at 会诊", "leader", body("decision", at3), 400],
    [
      "county leader: 府院联动 with the court",
      "countyLeader",
      body("court_joint", at3, { invitees: "court" }),
      201,
    ],
    ["county leader: 府院联动 without a court", "countyLeader", body("court_joint", at3), 400],
    [
      "township leader: 府院联动 is not a township's",
      "leader",
      body("court_joint", at3, { invitees: "court" }),
      400,
    ],
  ];
  it.each(rows)("%s → %i", async (_name, who, payload, status) => {
    const p = payload();
    if (p.regionCode === "") p.regionCode = tree.otherTownship;
    if (p.invitees === "court") p.invitees = [{ unitId: w.court }];
    const res = await convene(env, people[who] as Session, p);
    expect(res.statusCode, res.body).toBe(status);
  });
});

describe("reading a meeting", () => {
  const rows: [string, string, number][] = [
    ["its convener", "center", 200],
    ["the township leader", "leader", 200],
    ["the village cadre whose case is on the agenda", "cadre", 200],
    ["the county leader above", "countyLeader", 200],
    ["the invited unit's handler", "landHandler", 200],
    ["another village's cadre", "otherCadre", 404],
    ["the neighbour township's staff", "otherCenter", 404],
    ["a handler of a unit not involved", "policeHandler", 404],
  ];
  it.each(rows)("%s → %i", async (_name, who, status) => {
    const res = await call(env, people[who] as Session, {
      method: "GET",
      url: `/api/v1/meetings/${meetingId}`,
    });
    expect(res.statusCode).toBe(status);
    const list = await call(env, people[who] as Session, { method: "GET", url: "/api/v1/meetings" });
    expect(list.json().items.some((m: { id: string }) => m.id === meetingId)).toBe(status === 200);
  });
});

describe("listing by region", () => {
  it.each([
    ["own township", "center", () => tree.township, 200],
    ["the neighbour township", "center", () => tree.otherTownship, 404],
    ["the county from a township", "center", () => tree.county, 404],
    ["a township from the county", "countyLeader", () => tree.township, 200],
  ] as const)("%s → %i", async (_name, who, region, status) => {
    const res = await call(env, people[who] as Session, {
      method: "GET",
      url: `/api/v1/meetings?region=${region()}`,
    });
    expect(res.statusCode).toBe(status);
  });
});

describe("recording and following up", () => {
  it.each([
    ["the invited unit's handler cannot record it", "landHandler", 403],
    ["the village cadre cannot record it", "cadre", 403],
    ["the neighbour township's staff", "otherCenter", 404],
    ["its convener", "center", 200],
  ] as const)("hold: %s → %i", async (_name, who, status) => {
    const res = await call(env, people[who] as Session, {
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/hold`,
      payload: { minutes: "纪要", attendance: [], decisions: [{ text: "勘界", ownerUnitId: w.land }] },
    });
    expect(res.statusCode, res.body).toBe(status);
    if (status === 200) decisionId = res.json().decisions[0].id;
  });

  it.each([
    ["a handler of another unit", "policeHandler", 404],
    ["the neighbour township's staff", "otherCenter", 404],
    ["a village cadre who sees the meeting", "cadre", 403],
    ["the owner unit's handler", "landHandler", 200],
  ] as const)("settle: %s → %i", async (_name, who, status) => {
    const res = await call(env, people[who] as Session, {
      method: "POST",
      url: `/api/v1/meetings/${meetingId}/decisions/${decisionId}/settle`,
      payload: { status: "done", result: "已勘界" },
    });
    expect(res.statusCode, res.body).toBe(status);
  });
});

describe("defaults as data", () => {
  it("only an administrator changes them; a new decision then uses them", async () => {
    const value = { decisionWorkingDays: 3, reminderWorkingDays: 1, maxAgenda: 20 };
    const put = (who: string) =>
      call(env, people[who] as Session, { method: "PUT", url: "/api/v1/meeting-settings", payload: value });
    expect((await put("center")).statusCode).toBe(403);
    expect((await put("admin")).statusCode).toBe(200);
    const c = await caseAtStep(env, w.center, tree.grid, 3);
    const m = (await convene(env, w.center, body("consultation", () => [c])())).json();
    const held = await call(env, w.center, {
      method: "POST",
      url: `/api/v1/meetings/${m.id}/hold`,
      payload: {
        minutes: "纪要",
        attendance: [],
        decisions: [{ text: "回访", ownerUserId: w.center.userId }],
      },
    });
    expect(held.json().decisions[0].basis).toBe("会议决定期限：3个工作日（默认）");
    const bad = await call(env, people.admin as Session, {
      method: "PUT",
      url: "/api/v1/meeting-settings",
      payload: { ...value, decisionWorkingDays: 0 },
    });
    expect(bad.statusCode).toBe(400);
  });
});
