import { AppError, authorize, can, inSubtree, localDate } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { findPlaceForActor } from "../places/places.repository";

// 旅游警务室: the post of a scenic-spot place — its name, phone and unit (the police station or the
// unit answering for it) — and what its people see: their posts, and who is on duty today.

export interface PostInput {
  name: string;
  phone: string | null;
  unitId: string;
}

/** Sets (or changes) a scenic spot's post; the village and the township keep their places. */
export async function setPost(o: { ctx: AppContext; actor: SessionUser; placeId: string; input: PostInput }) {
  const { ctx, actor, input } = o;
  authorize(actor, "place.manage");
  const place = await findPlaceForActor(ctx.db, actor, o.placeId);
  authorize(actor, "place.manage", { regionPath: place.regionPath });
  if (place.kind !== "scenic_spot")
    throw new AppError("INVALID_INPUT", {
      zh: "只有景区点位可以设旅游警务室",
      en: "Only a scenic spot has a post",
    });
  const unit = await ctx.db
    .selectFrom("units")
    .select("id")
    .where("id", "=", input.unitId)
    .executeTakeFirst();
  if (!unit)
    throw new AppError("INVALID_INPUT", { zh: "所选单位不存在", en: "No such unit" }, { field: "unitId" });
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const values = { name: input.name, phone: input.phone, unit_id: input.unitId, updated_at: now };
    await tx
      .insertInto("tour_posts")
      .values({ place_id: place.id, ...values })
      .onConflict((oc) => oc.column("place_id").doUpdateSet(values))
      .execute();
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "tourism.post_set",
      entity: "place",
      entityId: place.id,
      data: input,
    });
  });
  return { placeId: place.id, ...input };
}

export interface PostView {
  placeId: string;
  place: string;
  regionPath: string;
  name: string;
  phone: string | null;
  unitId: string;
  unitName: string;
}

function postQuery(db: Db) {
  return db
    .selectFrom("tour_posts as tp")
    .innerJoin("places as p", "p.id", "tp.place_id")
    .innerJoin("regions as g", "g.code", "p.region_code")
    .innerJoin("units as u", "u.id", "tp.unit_id")
    .select([
      "tp.place_id as placeId",
      "p.name as place",
      "g.path as regionPath",
      "tp.name",
      "tp.phone",
      "tp.unit_id as unitId",
      "u.name as unitName",
    ]);
}

/** A post its reader may see (the place in their region, or the post is their unit's), else 404. */
export async function postForActor(db: Db, actor: SessionUser, placeId: string): Promise<PostView> {
  const uuid = /^[0-9a-f-]{36}$/i.test(placeId);
  const row = uuid ? await postQuery(db).where("tp.place_id", "=", placeId).executeTakeFirst() : undefined;
  if (!row || !(inSubtree(row.regionPath, actor.regionPath) || row.unitId === actor.unitId))
    throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

/**
 * Posts in the actor's region and their own unit's — or, `mine`, their own unit's only (the workbench
 * card: a county bureau's handler has no business with the county's police posts) — each with today's duty.
 */
export async function postsWithDuty(db: Db, actor: SessionUser, now: Date, mine = false) {
  const today = localDate(now);
  const ownUnit = sql<boolean>`tp.unit_id = ${actor.unitId ?? sql.lit(null)}`;
  const rows = await postQuery(db)
    .leftJoin("tour_duty as d", (j) => j.onRef("d.place_id", "=", "tp.place_id").on("d.day", "=", today))
    .select(["d.officers", "d.names"])
    .where((eb) => (mine ? ownUnit : eb.or([atOrBelow("g.path", actor.regionPath), ownUnit])))
    .orderBy("p.name")
    .limit(200)
    .execute();
  const waiting = await db
    .selectFrom("tour_reports")
    .select(["place_id", sql<number>`count(*)::int`.as("n")])
    .where("answered_at", "is", null)
    .where(
      "place_id",
      "in",
      rows.length ? rows.map((r) => r.placeId) : ["00000000-0000-0000-0000-000000000000"],
    )
    .groupBy("place_id")
    .execute();
  const n = new Map(waiting.map((w) => [w.place_id, w.n]));
  return {
    today,
    items: rows.map((r) => ({
      placeId: r.placeId,
      place: r.place,
      name: r.name,
      phone: r.phone,
      unitName: r.unitName,
      waiting: n.get(r.placeId) ?? 0,
      onDuty: r.officers === null ? null : { officers: r.officers, names: r.names ?? [] },
      canRoster: can(actor, "tour.roster", { regionPath: r.regionPath, assignedUnitId: r.unitId }),
    })),
  };
}

/** Tourist reports still waiting for the post's answer, earliest deadline first (the post's page). */
export async function waitingReports(db: Db, post: PostView) {
  const rows = await db
    .selectFrom("tour_reports as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .select(["c.code", "c.title", "t.due_at", "t.overdue_at"])
    .where("t.place_id", "=", post.placeId)
    .where("t.answered_at", "is", null)
    .orderBy("t.due_at")
    .limit(100)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    title: r.title,
    dueAt: new Date(r.due_at).toISOString(),
    overdue: r.overdue_at !== null,
  }));
}
