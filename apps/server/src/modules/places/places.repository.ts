import { randomBytes } from "node:crypto";
import { AppError, inSubtree, PLACE_KINDS, type PlaceKind } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";

// The kinds are core's (the console's types are inferred from ZPlace); re-exported for this module.
export { PLACE_KINDS, type PlaceKind };

export const PLACE_KIND_ZH: Record<PlaceKind, string> = {
  building: "楼栋",
  village_group: "村民小组",
  scenic_spot: "景区",
  window: "服务窗口",
};

// 16 random bytes: unguessable, yet short enough for a QR code a phone reads from across a hallway.
export const newPlaceToken = () => randomBytes(16).toString("base64url");

export interface PlaceView {
  id: string;
  kind: string;
  name: string;
  regionCode: string;
  regionName: string;
  regionPath: string;
  villageCode: string | null;
  villageName: string | null;
  token: string;
  households: number | null;
  createdAt: Date;
  tokenRotatedAt: Date | null;
}

function placeQuery(db: Db) {
  return db
    .selectFrom("places as p")
    .innerJoin("regions as g", "g.code", "p.region_code")
    .leftJoin("regions as v", "v.code", "g.parent_code")
    .select([
      "p.id",
      "p.kind",
      "p.name",
      "p.region_code as regionCode",
      "g.name as regionName",
      "g.path as regionPath",
      "v.code as villageCode",
      "v.name as villageName",
      "p.token",
      "p.households",
      "p.created_at as createdAt",
      "p.token_rotated_at as tokenRotatedAt",
    ]);
}

/** The place a scanned token points to; a rotated (old) token finds nothing. */
export async function findPlaceByToken(db: Db, token: string): Promise<PlaceView> {
  const row = await placeQuery(db).where("p.token", "=", token).executeTakeFirst();
  if (!row) {
    throw new AppError("NOT_FOUND_OR_NO_ACCESS", {
      zh: "二维码已失效或不存在，请扫描现场张贴的最新二维码",
      en: "This QR code is no longer valid",
    });
  }
  return row;
}

/** A place inside the actor's jurisdiction, or 404 (never revealing that it exists elsewhere). */
export async function findPlaceForActor(db: Db, actor: SessionUser, id: string): Promise<PlaceView> {
  const uuid = /^[0-9a-f-]{36}$/i.test(id);
  const row = uuid ? await placeQuery(db).where("p.id", "=", id).executeTakeFirst() : undefined;
  if (!row || !inSubtree(row.regionPath, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

export async function listPlaces(db: Db, scopePath: string, limit: number): Promise<PlaceView[]> {
  return placeQuery(db)
    .where(atOrBelow("g.path", scopePath))
    .orderBy("p.created_at", "desc")
    .limit(limit)
    .execute();
}

/** Staff of a village (cadres, resident police) as printed on posters and cards: work data only. */
export async function villageContacts(db: Db, villageCode: string) {
  const rows = await db
    .selectFrom("users")
    .select(["id", "display_name", "roles", "work_phone", "work_title"])
    .where("disabled", "=", false)
    // The village's own cadres and police, and the resident officer named for it (village_officers),
    // who may belong to the township's station.
    .where((eb) =>
      eb.or([
        eb.and([
          eb("region_code", "=", villageCode),
          sql<boolean>`roles && ${["village_cadre", "police"]}::text[]`,
        ]),
        eb(
          "id",
          "in",
          eb.selectFrom("village_officers").select("user_id").where("village_code", "=", villageCode),
        ),
      ]),
    )
    .orderBy("username")
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    name: r.display_name,
    role: r.roles.includes("police") ? ("police" as const) : ("cadre" as const),
    title: r.work_title ?? (r.roles.includes("police") ? "驻村民警" : "村干部"),
    workPhone: r.work_phone,
  }));
}
