import {
  AppError,
  authorize,
  childLevel,
  inSubtree,
  type RegionLevel,
  regionPath,
  type TAreaGeometry,
  type TGridFeatureCollection,
  type TRegionCreate,
  validChildCode,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { RegionRow } from "../../db/schema";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { regionPinyin } from "./regions.search";

/** A region inside the actor's subtree, else 404 — never revealing that it exists. */
/** A region in the actor's jurisdiction, or 404 — never revealing that it exists elsewhere. */
export async function regionForActor(db: Db | Tx, actor: SessionUser, code: string): Promise<RegionRow> {
  const row = await db.selectFrom("regions").selectAll().where("code", "=", code).executeTakeFirst();
  if (!row || !inSubtree(row.path, actor.regionPath)) {
    throw new AppError("NOT_FOUND_OR_NO_ACCESS", {
      zh: "辖区不存在或无权限",
      en: "Region not found or no access",
    });
  }
  return row;
}

export async function renameRegion(o: {
  db: Db;
  actor: SessionUser;
  code: string;
  patch: { name?: string | undefined; households?: number | null | undefined };
  now: Date;
}): Promise<RegionRow> {
  return o.db.transaction().execute(async (tx) => {
    const before = await regionForActor(tx, o.actor, o.code);
    const row = await tx
      .updateTable("regions")
      .set({
        name: o.patch.name ?? before.name,
        pinyin: regionPinyin(o.patch.name ?? before.name),
        // null clears the household count; undefined leaves it as it was.
        households: o.patch.households === undefined ? before.households : o.patch.households,
      })
      .where("code", "=", o.code)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "region.updated",
      entity: "region",
      entityId: o.code,
      data: { before: { name: before.name, households: before.households }, after: o.patch },
    });
    return row;
  });
}

/**
 * 区划调整: a region moves under another parent of the level above. Its subtree's paths and the
 * region_path of every case in it change in the same transaction, so jurisdiction never splits.
 */
export async function moveRegion(o: {
  db: Db;
  actor: SessionUser;
  code: string;
  parentCode: string;
  now: Date;
}): Promise<RegionRow> {
  return o.db.transaction().execute(async (tx) => {
    const region = await regionForActor(tx, o.actor, o.code);
    const parent = await regionForActor(tx, o.actor, o.parentCode);
    // The actor's own region cannot leave the actor's reach.
    if (region.path === o.actor.regionPath || childLevel(parent.level as RegionLevel) !== region.level) {
      throw new AppError("INVALID_INPUT", {
        zh: "新的上级区划层级不正确",
        en: "The new parent is not one level above the region",
      });
    }
    const oldPath = region.path;
    const newPath = regionPath(parent.path, region.code);
    const rebase = (col: "path" | "region_path") =>
      sql<string>`${newPath} || substr(${sql.ref(col)}, ${oldPath.length + 1})`;
    await tx
      .updateTable("regions")
      .set({ path: rebase("path") })
      .where(atOrBelow("path", oldPath))
      .execute();
    await tx
      .updateTable("regions")
      .set({ parent_code: parent.code })
      .where("code", "=", region.code)
      .execute();
    const moved = await tx
      .updateTable("cases")
      .set({ region_path: rebase("region_path") })
      .where(atOrBelow("region_path", oldPath))
      .executeTakeFirst();
    // Every other record that keeps its region's path for jurisdiction moves with it, or it would stay
    // visible to the old township and vanish from the new one.
    for (const table of REGION_PATH_TABLES)
      await sql`UPDATE ${sql.table(table)} SET region_path = ${rebase("region_path")}
        WHERE ${atOrBelow("region_path", oldPath)}`.execute(tx);
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "region.moved",
      entity: "region",
      entityId: region.code,
      data: { fromParent: region.parent_code, toParent: parent.code, cases: Number(moved.numUpdatedRows) },
    });
    return tx.selectFrom("regions").selectAll().where("code", "=", region.code).executeTakeFirstOrThrow();
  });
}

/** Tables besides `cases` that keep a region's materialised path (their jurisdiction). */
const REGION_PATH_TABLES = [
  "opinions",
  "meetings",
  "case_risks",
  "visits",
  "campaigns",
  "campaign_results",
  "field_opinions",
] as const;

export async function setRegionGeometry(o: {
  db: Db;
  actor: SessionUser;
  code: string;
  geometry: TAreaGeometry;
  now: Date;
}) {
  await o.db.transaction().execute(async (tx) => {
    await regionForActor(tx, o.actor, o.code);
    await tx
      .updateTable("regions")
      .set({ geojson: JSON.stringify(o.geometry) })
      .where("code", "=", o.code)
      .execute();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "region.geojson_set",
      entity: "region",
      entityId: o.code,
      data: { type: o.geometry.type },
    });
  });
}

/** Grid boundaries drawn elsewhere (QGIS, a survey): each feature's properties.code names its grid. */
export async function importGridGeometries(o: {
  db: Db;
  actor: SessionUser;
  collection: TGridFeatureCollection;
  now: Date;
}): Promise<{ matched: string[]; unmatched: (string | null)[] }> {
  const byCode = new Map<string, TAreaGeometry>();
  const unmatched: (string | null)[] = [];
  for (const f of o.collection.features) {
    const code = f.properties?.code;
    if (code === undefined) unmatched.push(null);
    else byCode.set(String(code), f.geometry);
  }
  return o.db.transaction().execute(async (tx) => {
    const grids = byCode.size
      ? await tx
          .selectFrom("regions")
          .select("code")
          .where("code", "in", [...byCode.keys()])
          .where("level", "=", "grid")
          .where("path", "like", `${o.actor.regionPath}.%`)
          .execute()
      : [];
    const matched = grids.map((g) => g.code).sort();
    const found = new Set(matched);
    for (const code of byCode.keys()) if (!found.has(code)) unmatched.push(code);
    if (matched.length) {
      const values = matched.map((code) => ({ code, geojson: byCode.get(code) }));
      await sql`
        UPDATE regions SET geojson = x.geojson
        FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS x(code text, geojson jsonb)
        WHERE regions.code = x.code`.execute(tx);
    }
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "region.geojson_imported",
      entity: "region",
      data: { matched, unmatched },
    });
    return { matched, unmatched };
  });
}

/** 新增区划: a child of a region in the actor's subtree, its code fitting the parent's; audited. */
export async function createRegion(o: { db: Db; actor: SessionUser; input: TRegionCreate; now: Date }) {
  const { actor, input: b, now } = o;
  const parent = await o.db
    .selectFrom("regions")
    .selectAll()
    .where("code", "=", b.parentCode)
    .executeTakeFirst();
  if (!parent || !inSubtree(parent.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  authorize(actor, "region.manage", { regionPath: parent.path });
  const level = childLevel(parent.level as RegionLevel);
  if (!level || !validChildCode(parent.level as RegionLevel, parent.code, b.code)) {
    throw new AppError("INVALID_INPUT", {
      zh: "区划代码不符合上级代码规则",
      en: "Region code does not fit its parent",
    });
  }
  return o.db.transaction().execute(async (tx) => {
    const exists = await tx
      .selectFrom("regions")
      .select("code")
      .where("code", "=", b.code)
      .executeTakeFirst();
    if (exists) throw new AppError("CONFLICT", { zh: "区划代码已存在", en: "Region code already exists" });
    const inserted = await tx
      .insertInto("regions")
      .values({
        code: b.code,
        parent_code: parent.code,
        level,
        name: b.name,
        path: regionPath(parent.path, b.code),
        households: b.households ?? null,
        pinyin: regionPinyin(b.name),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "region.created",
      entity: "region",
      entityId: b.code,
      data: b,
    });
    return inserted;
  });
}
