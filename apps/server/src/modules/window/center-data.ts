import {
  type Action,
  AppError,
  authorize,
  DEFAULT_CENTER_CLOCKS,
  type TCenterClocks,
  type TServiceRoutes,
  ZCenterClocks,
  ZServiceRoutes,
} from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { RegionRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { regionForActor } from "../regions/regions.commands";

// A center is the 综治中心 of a township (or county): it is named by that region's code, and the units
// stationed at it are the units of that region with a stationing (常驻, 轮驻, 随叫随驻).

export const CENTER_LEVELS = ["township", "county"];

/** The center in the actor's jurisdiction, allowed `action` there; else 404/403/400. */
export async function centerForActor(
  db: Db | Tx,
  actor: SessionUser,
  code: string,
  action: Action,
): Promise<RegionRow> {
  const region = await regionForActor(db, actor, code);
  if (!CENTER_LEVELS.includes(region.level)) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "综治中心须设在乡镇（街道）或县区", en: "A center is a township or county" },
      { field: "center" },
    );
  }
  authorize(actor, action, { regionPath: region.path });
  return region;
}

/** The actor's own center when none is named: their region if it is a township or county. */
export function defaultCenter(actor: SessionUser, given: string | undefined): string {
  return given ?? actor.regionCode;
}

async function setting(db: Db | Tx, key: string): Promise<unknown> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value ?? null;
}

/** The center's clock limits (settings `center.clocks`); a broken row falls back to the defaults. */
export async function centerClocks(db: Db | Tx): Promise<TCenterClocks> {
  const r = ZCenterClocks.safeParse(await setting(db, "center.clocks"));
  return r.success ? r.data : DEFAULT_CENTER_CLOCKS;
}

/** Service routes an administrator changed (settings `window.routes`); core's defaults fill the rest. */
export async function serviceRoutes(db: Db | Tx): Promise<TServiceRoutes> {
  const r = ZServiceRoutes.safeParse(await setting(db, "window.routes"));
  return r.success ? r.data : {};
}

export async function saveSetting(tx: Tx, key: string, value: unknown) {
  await tx
    .insertInto("settings")
    .values({ key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

/** Units with their people's work phones (便民 contacts, not personal data), for boards and dialogs. */
export async function unitsWithContacts(db: Db | Tx, unitIds: string[]) {
  if (unitIds.length === 0) return [];
  const units = await db
    .selectFrom("units")
    .select(["id", "kind", "name", "region_code", "stationing"])
    .where("id", "in", unitIds)
    .orderBy("name")
    .execute();
  const people = await db
    .selectFrom("users")
    .select(["unit_id", "display_name", "work_title", "work_phone"])
    .where("unit_id", "in", unitIds)
    .where("disabled", "=", false)
    .orderBy("display_name")
    .execute();
  return units.map((u) => ({
    id: u.id,
    kind: u.kind,
    name: u.name,
    regionCode: u.region_code,
    stationing: u.stationing,
    contacts: people
      .filter((p) => p.unit_id === u.id)
      .map((p) => ({ name: p.display_name, title: p.work_title, phone: p.work_phone })),
  }));
}
