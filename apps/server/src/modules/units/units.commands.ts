import { AppError, inSubtree, type TUnitCreate, type TUnitPatch, type TUnitView } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { regionForActor } from "../regions/regions.commands";

export const presentUnit = (u: {
  id: string;
  kind: string;
  name: string;
  region_code: string;
  stationing: string | null;
}): TUnitView => ({
  id: u.id,
  kind: u.kind,
  name: u.name,
  regionCode: u.region_code,
  stationing: u.stationing as TUnitView["stationing"], // CHECK in 0001_init.sql
});

/**
 * A unit whose region lies in the actor's subtree — or, with `ownUnit`, the actor's own unit — else 404.
 * `forUpdate` locks it for a change.
 */
export async function unitForActor(
  db: Db | Tx,
  actor: SessionUser,
  id: string,
  o: { ownUnit?: boolean; forUpdate?: boolean } = { forUpdate: true },
) {
  let q = db
    .selectFrom("units as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id", "u.kind", "u.name", "u.region_code", "u.stationing", "r.path"])
    .where("u.id", "=", id);
  if (o.forUpdate) q = q.forUpdate();
  const unit = await q.executeTakeFirst();
  const reach = unit && (inSubtree(unit.path, actor.regionPath) || (o.ownUnit && actor.unitId === unit.id));
  if (!unit || !reach) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return unit;
}

export async function createUnit(o: { db: Db; actor: SessionUser; input: TUnitCreate; now: Date }) {
  return o.db.transaction().execute(async (tx) => {
    await regionForActor(tx, o.actor, o.input.regionCode);
    const row = await tx
      .insertInto("units")
      .values({
        kind: o.input.kind,
        name: o.input.name,
        region_code: o.input.regionCode,
        stationing: o.input.stationing,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "unit.created",
      entity: "unit",
      entityId: row.id,
      data: o.input,
    });
    return presentUnit(row);
  });
}

export async function updateUnit(o: {
  db: Db;
  actor: SessionUser;
  id: string;
  patch: TUnitPatch;
  now: Date;
}) {
  return o.db.transaction().execute(async (tx) => {
    const before = await unitForActor(tx, o.actor, o.id);
    if (o.patch.regionCode) await regionForActor(tx, o.actor, o.patch.regionCode);
    const p = o.patch;
    const row = await tx
      .updateTable("units")
      .set({
        kind: p.kind ?? before.kind,
        name: p.name ?? before.name,
        region_code: p.regionCode ?? before.region_code,
        stationing: p.stationing === undefined ? before.stationing : p.stationing,
      })
      .where("id", "=", o.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "unit.updated",
      entity: "unit",
      entityId: o.id,
      data: { before: presentUnit(before), patch: p },
    });
    return presentUnit(row);
  });
}
