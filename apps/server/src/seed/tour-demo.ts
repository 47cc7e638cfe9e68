import { dateSpan, localDate } from "@fengqiao/core";
import type { AppContext } from "../context";

// 有事找书记，有事找警察 and 旅游警务 in the demo county: 杨警官 (username `police`) is 梁家墩村's resident
// officer, and 梁家墩湿地公园游客中心 has a 旅游警务室 staffed from 梁家墩派出所.

export const DEMO_VILLAGE = "620702100201";
export const DEMO_SPOT = "梁家墩湿地公园游客中心";

/** Before the demo cases: the village's 治安 cases then reach 杨警官 as they come in. */
export async function seedVillageOfficer(ctx: AppContext) {
  const police = await ctx.db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "police")
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto("village_officers")
    .values({ village_code: DEMO_VILLAGE, user_id: police.id, set_by: null, set_at: ctx.clock.now() })
    .execute();
}

/** After the QR places: the scenic spot's post, and this week's duty with 杨警官 on it. */
export async function seedTourPost(ctx: AppContext) {
  const now = ctx.clock.now();
  const place = await ctx.db
    .selectFrom("places")
    .select("id")
    .where("name", "=", DEMO_SPOT)
    .executeTakeFirstOrThrow();
  const police = await ctx.db
    .selectFrom("users")
    .select(["id", "unit_id"])
    .where("username", "=", "police")
    .executeTakeFirstOrThrow();
  if (!police.unit_id) return;
  await ctx.db
    .insertInto("tour_posts")
    .values({
      place_id: place.id,
      name: "湿地公园旅游警务室",
      phone: "0936-8521120",
      unit_id: police.unit_id,
      updated_at: now,
    })
    .execute();
  await ctx.db
    .insertInto("tour_duty")
    .values(
      dateSpan(localDate(now), 7).map((day) => ({
        place_id: place.id,
        day,
        officers: 1,
        names: ["杨警官"],
        note: null,
        updated_by: police.id,
        updated_at: now,
      })),
    )
    .execute();
}
