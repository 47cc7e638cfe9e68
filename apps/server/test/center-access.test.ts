import type { Role } from "@fengqiao/core";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, sampleCase, type TestEnv, type Tree, testEnv } from "./helpers";

// Every route of the window, stationed units, summonses and referrals, checked for role AND
// jurisdiction: the township center's own staff (allowed), the neighbouring township's center staff
// (404: never revealing what exists there), and a role that may see but not act (403).

let env: TestEnv;
let tree: Tree;
let own: Session;
let neighbour: Session;
const who: Partial<Record<string, Session>> = {};
const units: Record<string, string> = {};

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  own = await login(env, { roles: ["center_staff"], region: tree.township });
  neighbour = await login(env, { roles: ["center_staff"], region: tree.otherTownship });
  for (const [key, kind, stationing] of [
    ["court", "court", "resident"],
    ["onCall", "department", "on_call"],
    ["rotating", "department", "rotating"],
  ] as const) {
    units[key] = (
      await env.ctx.db
        .insertInto("units")
        .values({ kind, name: key, region_code: tree.township, stationing })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  }
  const roles: [string, Role, keyof Tree, string | null][] = [
    ["leader", "leader", "township", null],
    ["grid", "grid_worker", "grid", null],
    ["courtClerk", "department_handler", "county", units.court ?? null],
    ["otherHandler", "department_handler", "county", units.rotating ?? null],
  ];
  for (const [key, role, at, unitId] of roles)
    who[key] = await login(env, { roles: [role], region: tree[at], unitId });
});

const req = (s: Session, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  call(env, s, { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });

const newCase = async () =>
  (await req(own, "POST", "/cases", sampleCase(tree.grid))).json() as { id: string; code: string };
const ticketId = async () =>
  (await req(own, "POST", "/window/tickets", { center: tree.township, service: "legal" })).json()
    .id as string;
const summonsId = async () =>
  (
    await req(own, "POST", `/cases/${(await newCase()).id}/summons`, {
      unitId: units.onCall,
      reason: "r",
      place: "p",
      appearBy: "2027-01-05T09:00:00+08:00",
    })
  ).json().id as string;
const referralId = async () =>
  (
    await req(own, "POST", `/cases/${(await newCase()).id}/referrals`, {
      toUnitId: units.court,
      purpose: "fast_track",
      reason: "r",
    })
  ).json().id as string;

const { channel: _c, ...caseBody } = sampleCase("");
type Row = [
  name: string,
  method: "GET" | "POST" | "PUT",
  url: () => Promise<string>,
  body: (() => object) | null,
  ownStatus: number,
  neighbourStatus: number,
  wrong: [key: string, status: number] | null,
];
const c = (s: string) => async () => s;
const rows: Row[] = [
  ["services", "GET", c("/window/services"), null, 200, 200, null],
  [
    "take ticket",
    "POST",
    c("/window/tickets"),
    () => ({ center: tree.township, service: "legal" }),
    201,
    404,
    ["leader", 403],
  ],
  [
    "call next",
    "POST",
    c("/window/call-next"),
    () => ({ center: tree.township, window: 1 }),
    200,
    404,
    ["leader", 403],
  ],
  [
    "finish",
    "POST",
    async () => `/window/tickets/${await ticketId()}/finish`,
    () => ({ status: "no_show" }),
    200,
    404,
    ["leader", 403],
  ],
  ["queue", "GET", async () => `/window/queue?center=${tree.township}`, null, 200, 404, ["grid", 404]],
  ["visitors", "GET", c("/window/visitors?phone=13800001234"), null, 200, 200, ["leader", 403]],
  [
    "intake",
    "POST",
    c("/window/intake"),
    () => ({
      center: tree.township,
      services: ["legal"],
      serviceFields: { legal: { question: "q" } },
      case: { ...caseBody, regionCode: tree.grid },
    }),
    201,
    404,
    ["leader", 403],
  ],
  [
    "receipt",
    "GET",
    async () => `/window/receipt/${(await newCase()).code}`,
    null,
    200,
    404,
    ["courtClerk", 404],
  ],
  ["settings read", "GET", c("/center-settings"), null, 200, 200, null],
  [
    "settings write",
    "PUT",
    c("/center-settings"),
    () => ({ clocks: { summonsAck: "PT2H", referralAck: "P1D", referralCounting: "working" }, routes: {} }),
    403,
    403,
    null,
  ],
  ["stations", "GET", async () => `/centers/stations?center=${tree.township}`, null, 200, 404, null],
  ["today", "GET", async () => `/centers/today?center=${tree.township}`, null, 200, 404, ["grid", 404]],
  [
    "roster",
    "GET",
    async () => `/centers/roster?center=${tree.township}&from=2026-12-01&to=2026-12-31`,
    null,
    200,
    404,
    null,
  ],
  [
    "roster change",
    "POST",
    c("/centers/roster"),
    () => ({ unitId: units.rotating, add: ["2026-12-24"] }),
    200,
    404,
    ["leader", 403],
  ],
  [
    "summon",
    "POST",
    async () => `/cases/${(await newCase()).id}/summons`,
    () => ({ unitId: units.onCall, reason: "r", place: "p", appearBy: "2027-01-05T09:00:00+08:00" }),
    201,
    404,
    ["grid", 403],
  ],
  [
    "case summonses",
    "GET",
    async () => `/cases/${(await newCase()).id}/summons`,
    null,
    200,
    404,
    ["otherHandler", 404],
  ],
  [
    "center summonses",
    "GET",
    async () => `/summons?center=${tree.township}`,
    null,
    200,
    404,
    ["leader", 403],
  ],
  [
    "acknowledge summons",
    "POST",
    async () => `/summons/${await summonsId()}/acknowledge`,
    () => ({}),
    403,
    404,
    ["otherHandler", 404],
  ],
  [
    "cancel summons",
    "POST",
    async () => `/summons/${await summonsId()}/cancel`,
    () => ({ reason: "r" }),
    200,
    404,
    ["grid", 403],
  ],
  [
    "refer out",
    "POST",
    async () => `/cases/${(await newCase()).id}/referrals`,
    () => ({ toUnitId: units.court, purpose: "fast_track", reason: "r" }),
    201,
    404,
    ["grid", 403],
  ],
  [
    "case referrals",
    "GET",
    async () => `/cases/${(await newCase()).id}/referrals`,
    null,
    200,
    404,
    ["otherHandler", 404],
  ],
  [
    "receive in",
    "POST",
    c("/referrals/incoming"),
    () => ({
      fromUnitId: units.court,
      toUnitId: units.onCall,
      purpose: "handling",
      case: { ...caseBody, regionCode: tree.grid },
    }),
    201,
    404,
    ["grid", 403],
  ],
  [
    "acknowledge referral",
    "POST",
    async () => `/referrals/${await referralId()}/acknowledge`,
    () => ({}),
    200,
    404,
    ["otherHandler", 404],
  ],
  [
    "decline referral",
    "POST",
    async () => `/referrals/${await referralId()}/decline`,
    () => ({ reason: "r" }),
    200,
    404,
    ["grid", 404],
  ],
];

describe("center routes: role × jurisdiction", () => {
  it.each(rows)("%s (%s)", async (_name, method, url, body, ownStatus, neighbourStatus, wrong) => {
    const send = async (s: Session) => (await req(s, method, await url(), body?.())).statusCode;
    expect(await send(own)).toBe(ownStatus);
    expect(await send(neighbour)).toBe(neighbourStatus);
    if (wrong) {
      const [key, status] = wrong;
      const s = who[key];
      if (!s) throw new Error(`no session ${key}`);
      expect(await send(s)).toBe(status);
    }
  });

  it("the court's own clerk answers a referral to the court; the summoned unit acknowledges its summons", async () => {
    const courtClerk = who.courtClerk as Session;
    expect(
      (await req(courtClerk, "POST", `/referrals/${await referralId()}/acknowledge`, {})).statusCode,
    ).toBe(200);
    const onCallHandler = await login(env, {
      roles: ["department_handler"],
      region: tree.county,
      unitId: units.onCall,
    });
    expect(
      (await req(onCallHandler, "POST", `/summons/${await summonsId()}/acknowledge`, {})).statusCode,
    ).toBe(200);
    const s = await summonsId();
    const leaderOfUnit = await login(env, { roles: ["leader"], region: tree.county, unitId: units.onCall });
    expect((await req(leaderOfUnit, "POST", `/summons/${s}/acknowledge`, {})).statusCode).toBe(403);
  });

  it("only an administrator changes the center's defaults", async () => {
    const admin = await login(env, { roles: ["admin"], region: tree.county });
    const res = await req(admin, "PUT", "/center-settings", {
      clocks: { summonsAck: "PT2H", referralAck: "P1D", referralCounting: "working" },
      routes: {},
    });
    expect(res.statusCode).toBe(200);
  });
});
