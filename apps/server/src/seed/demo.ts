import { type CaseCommand, regionPath, type TCaseCreate } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../context";
import type { Db } from "../db/database";
import { sweepClocks } from "../jobs/clock-sweep";
import { createCase, runCaseCommand } from "../modules/cases/cases.commands";
import { createPlace } from "../modules/places/places.commands";
import { regionPinyin } from "../modules/regions/regions.search";
import { createUser } from "../modules/users/users.commands";
import { actorByUsername } from "../plugins/auth";
import { DEMO_CASES, DEMO_PASSWORD, DEMO_REGIONS, DEMO_UNITS, DEMO_USERS, DEMO_VILLAGES } from "./demo-data";
import { seedField } from "./demo-field";
import { seedTasks } from "./demo-tasks";
import { seedTourPost, seedVillageOfficer } from "./tour-demo";

const HOUR = 3600_000;

/** Seeds the demo county once (on an empty database); returns false when data already exist. */
export async function seedDemo(ctx: AppContext): Promise<boolean> {
  const any = await ctx.db.selectFrom("regions").select("code").limit(1).executeTakeFirst();
  if (any) return false;
  await insertRegions(ctx.db);
  const units = new Map<string, string>();
  for (const u of DEMO_UNITS) {
    const row = await ctx.db
      .insertInto("units")
      .values({ kind: u.kind, name: u.name, region_code: u.region, stationing: u.stationing })
      .returning("id")
      .executeTakeFirstOrThrow();
    units.set(u.key, row.id);
  }
  for (const u of DEMO_USERS) {
    await createUser(ctx.db, {
      username: u.username,
      displayName: u.displayName,
      password: DEMO_PASSWORD,
      roles: [...u.roles],
      regionCode: u.region,
      unitId: u.unit ? (units.get(u.unit) ?? null) : null,
    });
  }
  await seedVillageOfficer(ctx); // 有事找警察: 杨警官 is 梁家墩村's resident officer
  await seedCases(ctx, units);
  await seedTasks(ctx, units); // 交办督办: two tasks to the 人社局, one to the 住建局
  await seedCitizenDoors(ctx);
  await seedField(ctx);
  await seedTourPost(ctx); // 旅游警务室 at 梁家墩湿地公园游客中心
  return true;
}

async function insertRegions(db: Db) {
  const levels = ["province", "city", "county", "township"] as const;
  let parent: { code: string; path: string } | null = null;
  const rows: {
    code: string;
    parent_code: string | null;
    level: string;
    name: string;
    path: string;
    households: number | null;
    pinyin?: string;
  }[] = [];
  DEMO_REGIONS.forEach((tier, i) => {
    for (const r of tier) {
      const path = regionPath(parent?.path ?? null, r.code);
      rows.push({
        code: r.code,
        parent_code: parent?.code ?? null,
        level: levels[i] ?? "township",
        name: r.name,
        path,
        households: null,
      });
    }
    const first = tier[0];
    if (i < DEMO_REGIONS.length - 1 && first)
      parent = { code: first.code, path: regionPath(parent?.path ?? null, first.code) };
  });
  const county = rows.find((r) => r.code === "620702");
  for (const [township, villages] of Object.entries(DEMO_VILLAGES)) {
    const tPath = `${county?.path}.${township}`;
    villages.forEach((v, vi) => {
      const vPath = `${tPath}.${v.code}`;
      rows.push({
        code: v.code,
        parent_code: township,
        level: "village",
        name: v.name,
        path: vPath,
        households: 420 + vi * 37,
      });
      ["第一网格", "第二网格"].forEach((name, gi) => {
        const code = `${v.code}00${gi + 1}`;
        rows.push({
          code,
          parent_code: v.code,
          level: "grid",
          name: `${v.name}${name}`,
          path: `${vPath}.${code}`,
          households: 180 + gi * 25,
        });
      });
    });
  }
  await db
    .insertInto("regions")
    .values(rows.map((r) => ({ ...r, pinyin: regionPinyin(r.name) })))
    .execute();
}

// Each scenario is the list of commands that brings a demo case to one state of the workflow.
const SCENARIOS: CaseCommand[][] = [
  [],
  [{ type: "accept" }],
  [{ type: "accept" }, { type: "startMediation" }],
  [{ type: "accept" }, { type: "pause", reason: "当事人外出务工，等待返乡后调解" }],
  [
    { type: "accept" },
    { type: "recordMediation", success: true, summary: "现场调解，双方达成一致" },
    { type: "resolve", summary: "当场调解成功" },
  ],
  [{ type: "accept" }, { type: "resolve", summary: "双方和解" }, { type: "close" }],
  [{ type: "accept" }, { type: "escalate", reason: "涉及宅基地确权，上报村调委会组团调解", auto: false }],
  [{ type: "reject", reason: "不属于人民调解受理范围，已告知当事人向法院起诉" }],
  [{ type: "accept" }, { type: "refer", reason: "当事人坚持诉讼", to: "甘州区人民法院" }],
  [{ type: "accept" }, { type: "recordMediation", success: true, summary: "初步达成意向，待签调解协议" }],
  [
    { type: "accept" },
    { type: "resolve", summary: "已处理" },
    { type: "reopen", reason: "群众回访不满意，重新办理" },
  ],
];

const FAILED_MEDIATION: CaseCommand[] = [
  { type: "accept" },
  { type: "recordMediation", success: false, summary: "双方分歧较大，首次调解失败" },
];
// A couple of cases wait for the township's decision (拍板), as in any county.
const TO_TOWNSHIP: CaseCommand[] = [
  { type: "accept" },
  { type: "escalate", reason: "首调未果，上报村调委会组团调解", auto: false },
  { type: "escalate", reason: "涉及多户，提请综治中心会诊", auto: false },
  { type: "escalate", reason: "会诊后需乡镇党委政府拍板", auto: false },
];
// Scenarios that end settled (resolved, closed, rejected, referred): their age does not matter.
const SETTLED = new Set([4, 5, 7, 8]);

/**
 * How long ago demo case i came in. A first look should show a county at work, not a false alarm:
 * settled cases spread over ten days, open ones within their first step's day (a few past its
 * yellow mark), and exactly one left to run out (case 3, which the sweep escalates and turns red).
 * With case 9's failed mediation and case 13's high risk, that makes three red cases of 48.
 */
function ageHours(i: number, scenario: number): number {
  if (SETTLED.has(scenario)) return ((i * 37) % 240) + 1;
  if (i === 3) return 30;
  if (i % 8 === 1) return 19 + (i % 3);
  return 1 + ((i * 7) % 16);
}

async function seedCases(ctx: AppContext, units: Map<string, string>) {
  const township = await actorByUsername(ctx.db, "township");
  const now = ctx.clock.now();
  const grids = ["620702100201001", "620702100201002", "620702100202001", "620702100203002"];
  const others = ["620702101201001", "620702101202002", "620702001001001", "620702001002001"];
  let n = 0;
  for (const [i, c] of [...DEMO_CASES, ...DEMO_CASES, ...DEMO_CASES].entries()) {
    const local = i % 4 !== 3;
    const regionCode = local ? (grids[i % grids.length] as string) : (others[i % others.length] as string);
    const scenarioIndex = local ? i % SCENARIOS.length : -1;
    const created = new Date(now.getTime() - ageHours(i, scenarioIndex) * HOUR);
    const input: TCaseCreate = {
      channel: c.channel as TCaseCreate["channel"],
      category: c.category as TCaseCreate["category"],
      title: c.title,
      description: c.description,
      regionCode,
      parties: [
        {
          role: "applicant",
          name: ["张建国", "李秀英", "王德明", "赵桂兰"][i % 4] as string,
          phone: `1390936${String(1000 + i).padStart(4, "0")}`,
        },
        { role: "respondent", name: ["刘志强", "陈玉梅", "杨军", "马海燕"][i % 4] as string },
      ],
      reporter: {
        name: ["张建国", "李秀英", "王德明", "赵桂兰"][i % 4] as string,
        phone: `1390936${String(1000 + i).padStart(4, "0")}`,
      },
      highRisk: i === 13,
    };
    const row = await createCase({ ctx, actor: null, input, now: created });
    n += 1;
    if (!local) continue;
    const special = i === 9 ? FAILED_MEDIATION : i === 17 || i === 28 ? TO_TOWNSHIP : null;
    const scenario = special ?? SCENARIOS[scenarioIndex] ?? [];
    let version = row.version;
    let at = created.getTime();
    for (const cmd of scenario) {
      at += 2 * HOUR;
      if (cmd.type === "assign") continue;
      const body = { ...cmd, version } as Parameters<typeof runCaseCommand>[0]["body"];
      const updated = await runCaseCommand({
        ctx,
        actor: township,
        caseRef: row.id,
        body,
        now: new Date(Math.min(at, now.getTime())),
      });
      version = updated.version;
    }
    if (i % 5 === 2) {
      const unitId = units.get("ljd_justice") ?? null;
      await runCaseCommand({
        ctx,
        actor: township,
        caseRef: row.id,
        body: { type: "assign", unitId, userId: null, version },
        now,
      });
    }
  }
  // Let the ladder catch up: overdue steps escalate by themselves, as they would have.
  await sweepClocks(ctx);
  return n;
}

// 码上反映 points and the 便民联系卡 of 梁家墩村: work phones and titles, never private numbers.
async function seedCitizenDoors(ctx: AppContext) {
  const cadre = await actorByUsername(ctx.db, "cadre");
  const places = [
    { kind: "village_group", name: "梁家墩村三组（约30户）", regionCode: "620702100201001", households: 31 },
    { kind: "building", name: "梁家墩村文化广场", regionCode: "620702100201001" },
    { kind: "scenic_spot", name: "梁家墩湿地公园游客中心", regionCode: "620702100201002" },
  ] as const;
  for (const input of places) await createPlace({ ctx, actor: cadre, input });
  const titles: [string, string, string][] = [
    ["cadre", "村党支部书记", "0936-8521001"],
    ["mediator", "村调委会委员", "0936-8521002"],
    ["police", "驻村民警", "0936-8521110"],
  ];
  for (const [username, title, phone] of titles) {
    await sql`UPDATE users SET work_title = ${title}, work_phone = ${phone} WHERE username = ${username}`.execute(
      ctx.db,
    );
  }
}

/** The demo's QR points, for the start-up banner. */
export async function demoPlaces(ctx: AppContext): Promise<{ name: string; token: string }[]> {
  const r = await sql<{
    name: string;
    token: string;
  }>`SELECT name, token FROM places ORDER BY created_at LIMIT 3`.execute(ctx.db);
  return r.rows;
}
