import { AppError } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { regionForActor } from "../regions/regions.commands";
import { findPlaceForActor, newPlaceToken, type PlaceKind, type PlaceView } from "./places.repository";

export interface TPlaceCreate {
  kind: PlaceKind;
  name: string;
  regionCode: string;
  households?: number;
}

/** A new QR point, with its audit row in the same transaction. */
export async function createPlace(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TPlaceCreate;
}): Promise<PlaceView> {
  const { ctx, actor, input } = o;
  const region = await regionForActor(ctx.db, actor, input.regionCode);
  // Reports from a QR code are routed to its grid, so a place must sit in one.
  if (region.level !== "grid") {
    throw new AppError("INVALID_INPUT", { zh: "二维码点位必须设在网格下", en: "A place must be in a grid" });
  }
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("places")
      .values({
        kind: input.kind,
        name: input.name,
        region_code: input.regionCode,
        households: input.households ?? null,
        token: newPlaceToken(),
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const entry = { action: "place.created", entity: "place", entityId: row.id, data: input };
    await audit(tx, { at: now, actorId: actor.userId, ...entry });
    return row.id;
  });
  return findPlaceForActor(ctx.db, actor, id);
}

/** Regenerating retires the old token at once: every poster printed with it stops working. */
export async function rotatePlaceToken(o: { ctx: AppContext; actor: SessionUser; placeId: string }) {
  const { ctx, actor } = o;
  const place = await findPlaceForActor(ctx.db, actor, o.placeId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable("places")
      .set({ token: newPlaceToken(), token_rotated_at: now })
      .where("id", "=", place.id)
      .execute();
    const entry = { action: "place.token_rotated", entity: "place", entityId: place.id };
    await audit(tx, { at: now, actorId: actor.userId, ...entry });
  });
  return findPlaceForActor(ctx.db, actor, place.id);
}
