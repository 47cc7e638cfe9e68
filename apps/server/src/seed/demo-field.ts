import { randomUUID } from "node:crypto";
import type { AppContext } from "../context";
import { sealMember } from "../modules/field/households.repository";
import { actorByUsername } from "../plugins/auth";

const DAY = 86_400_000;

interface DemoMember {
  relation: string;
  name: string;
  phone?: string;
  tags?: string[];
}

// 梁家墩村's two grids: courtyards and households the grid workers `grid` and `grid2` look after,
// with the special groups a visit is for (独居老人, 留守儿童). Names and phones are invented.
const HOUSEHOLDS: {
  grid: string;
  building: string;
  address: string;
  tags: string[];
  members: DemoMember[];
}[] = [
  {
    grid: "620702100201001",
    building: "一组东院",
    address: "梁家墩村一组12号",
    tags: ["独居老人"],
    members: [{ relation: "户主", name: "赵桂英", phone: "13909361201", tags: ["独居老人"] }],
  },
  {
    grid: "620702100201001",
    building: "一组东院",
    address: "梁家墩村一组14号",
    tags: ["留守儿童"],
    members: [
      { relation: "户主", name: "马成林", phone: "13909361402" },
      { relation: "孙女", name: "马小雨", tags: ["留守儿童"] },
    ],
  },
  {
    grid: "620702100201001",
    building: "一组西院",
    address: "梁家墩村一组21号",
    tags: [],
    members: [
      { relation: "户主", name: "王德明", phone: "13909362101" },
      { relation: "配偶", name: "李秀兰", phone: "13909362102" },
    ],
  },
  {
    grid: "620702100201002",
    building: "二组南院",
    address: "梁家墩村二组5号",
    tags: ["独居老人"],
    members: [{ relation: "户主", name: "张福海", phone: "13909360501", tags: ["独居老人"] }],
  },
  {
    grid: "620702100201002",
    building: "二组南院",
    address: "梁家墩村二组8号",
    tags: ["留守儿童"],
    members: [
      { relation: "户主", name: "刘玉珍", phone: "13909360801" },
      { relation: "孙子", name: "刘浩然", tags: ["留守儿童"] },
    ],
  },
];

/** Households, a visit and a running township 排查 campaign for the field app's demo (issue 12). */
export async function seedField(ctx: AppContext) {
  const now = ctx.clock.now();
  const grid = await actorByUsername(ctx.db, "grid");
  const township = await actorByUsername(ctx.db, "township");
  const ids: string[] = [];
  for (const h of HOUSEHOLDS) {
    const building = await ctx.db
      .insertInto("buildings")
      .values({ grid_code: h.grid, name: h.building })
      .onConflict((oc) => oc.columns(["grid_code", "name"]).doUpdateSet({ name: h.building }))
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = randomUUID();
    ids.push(id);
    await ctx.db
      .insertInto("households")
      .values({ id, grid_code: h.grid, building_id: building.id, address: h.address, tags: h.tags })
      .execute();
    await ctx.db
      .insertInto("household_members")
      .values(
        h.members.map((m, i) => ({
          household_id: id,
          position: i,
          ...sealMember(ctx.pd, { ...m, tags: m.tags ?? [] }),
        })),
      )
      .execute();
  }
  const gridPath = grid.regionPath;
  await ctx.db
    .insertInto("visits")
    .values({
      id: randomUUID(),
      household_id: ids[0] ?? null,
      grid_code: "620702100201001",
      region_path: gridPath,
      visited_at: new Date(now.getTime() - 2 * DAY),
      findings: "老人身体尚可，冬季取暖煤已备齐；提醒注意煤气安全。",
      created_by: grid.userId,
      created_at: new Date(now.getTime() - 2 * DAY),
      request_hash: "seed",
    })
    .execute();
  const campaignId = randomUUID();
  await ctx.db
    .insertInto("campaigns")
    .values({
      id: campaignId,
      title: "婚恋家庭纠纷排查",
      kind: "marriage_family",
      region_code: "620702100",
      region_path: township.regionPath,
      starts_at: new Date(now.getTime() - 7 * DAY),
      due_at: new Date(now.getTime() + 30 * DAY),
      target: "household",
      checklist: JSON.stringify([
        { key: "conflict", label: "家庭成员之间有无矛盾纠纷" },
        { key: "violence", label: "有无家庭暴力迹象" },
        { key: "divorce", label: "有无离婚、抚养、赡养纠纷苗头" },
      ]),
      created_by: township.userId,
      created_at: new Date(now.getTime() - 7 * DAY),
      request_hash: "seed",
    })
    .execute();
  await ctx.db
    .insertInto("campaign_results")
    .values({
      id: randomUUID(),
      campaign_id: campaignId,
      household_id: ids[2] ?? null,
      grid_code: "620702100201001",
      region_path: gridPath,
      answers: JSON.stringify({ conflict: false, violence: false, divorce: false }),
      positive: false,
      created_by: grid.userId,
      created_at: new Date(now.getTime() - DAY),
      request_hash: "seed",
    })
    .execute();
}
