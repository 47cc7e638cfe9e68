import { AppError } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { CaseRow, Open311RequestsTable } from "../../db/schema";
import { hashApiKey } from "../api-clients/api-clients.commands";

/** The extras of a POST, written in the case's transaction. */
export async function saveRequestExtras(tx: Tx, row: Open311RequestsTable) {
  await tx
    .insertInto("open311_requests")
    .values({ ...row, attributes: JSON.stringify(row.attributes) })
    .execute();
}

export interface Client {
  id: string;
  name: string;
  regionCode: string;
}

/** The integration behind an api_key; a missing, unknown or disabled key is 403 as the spec says. */
export async function clientForKey(db: Db, key: unknown): Promise<Client> {
  if (typeof key !== "string" || key.length < 10 || key.length > 200) {
    throw new AppError("FORBIDDEN", { en: "api_key is missing or invalid" });
  }
  const row = await db
    .selectFrom("api_clients")
    .select(["id", "name", "region_code"])
    .where("key_hash", "=", hashApiKey(key))
    .where("disabled", "=", false)
    .executeTakeFirst();
  if (!row) throw new AppError("FORBIDDEN", { en: "api_key is missing or invalid" });
  return { id: row.id, name: row.name, regionCode: row.region_code };
}

export type Open311Case = CaseRow & {
  lat: number | null;
  lng: number | null;
  address: string | null;
  address_id: string | null;
  media_url: string | null;
};

export interface RequestFilter {
  ids?: string[];
  serviceCodes?: string[];
  statuses?: ("open" | "closed")[];
  start: Date;
  end: Date;
  limit: number;
  offset: number;
}

/**
 * Only cases filed through Open311 are visible through it: a dispute reported at a window or by a
 * grid worker may name neighbours and family, and was never meant for a public feed.
 */
export async function findRequests(db: Db, f: RequestFilter): Promise<Open311Case[]> {
  let q = db
    .selectFrom("cases as c")
    .innerJoin("case_origins as o", "o.case_id", "c.id")
    .leftJoin("open311_requests as x", "x.case_id", "c.id")
    .selectAll("c")
    .select(["o.lat", "o.lng", "o.address", "x.address_id", "x.media_url"])
    .where("o.client_id", "is not", null);
  if (f.ids?.length) q = q.where("c.code", "in", f.ids);
  else {
    q = q.where("c.created_at", ">=", f.start).where("c.created_at", "<=", f.end);
    if (f.serviceCodes?.length) q = q.where("c.category", "in", f.serviceCodes);
    const st = f.statuses ?? [];
    if (st.length === 1) {
      const closed = ["resolved", "closed"];
      q = st[0] === "closed" ? q.where("c.status", "in", closed) : q.where("c.status", "not in", closed);
    }
  }
  return q.orderBy("c.created_at", "desc").orderBy("c.id", "desc").limit(f.limit).offset(f.offset).execute();
}

export async function caseForToken(db: Db, token: string) {
  return db
    .selectFrom("open311_tokens as t")
    .innerJoin("cases as c", "c.id", "t.case_id")
    .select(["t.token", "c.code"])
    .where("t.token", "=", token)
    .executeTakeFirst();
}

/**
 * The bounding box of the boundaries imported in the county a client serves (the county's own, or
 * its townships', villages' and grids'); null while none are.
 */
export async function countyBounds(db: Db, regionCode: string) {
  const rows = await db
    .selectFrom("regions as me")
    .innerJoin("regions as c", (j) => j.on("c.level", "=", "county"))
    .innerJoin("regions as r", (j) => j.on(sql<boolean>`starts_with(r.path, c.path)`))
    .select("r.geojson")
    .where("me.code", "=", regionCode)
    .where(sql<boolean>`starts_with(me.path, c.path)`)
    .where("r.geojson", "is not", null)
    .execute();
  return bboxOf(rows.map((r) => r.geojson));
}

const GEO_KEYS = ["coordinates", "geometry", "geometries", "features"];

/** [minLng, minLat, maxLng, maxLat] of any GeoJSON, from every position in it. */
function bboxOf(geo: unknown): [number, number, number, number] | null {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  let any = false;
  const walk = (v: unknown) => {
    if (!Array.isArray(v)) {
      // Only geometry: a feature's properties may hold number pairs that are no position.
      if (v && typeof v === "object") for (const k of GEO_KEYS) walk((v as Record<string, unknown>)[k]);
      return;
    }
    if (typeof v[0] === "number" && typeof v[1] === "number") {
      const [lng, lat] = v as [number, number];
      box[0] = Math.min(box[0], lng);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lng);
      box[3] = Math.max(box[3], lat);
      any = true;
    } else for (const x of v) walk(x);
  };
  walk(geo);
  return any ? box : null;
}
