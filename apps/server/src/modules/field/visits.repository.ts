import type { Db, Tx } from "../../db/database";
import { atOrBelow } from "../../db/subtree";
import { iso, photoUrl } from "./field.shared";

export interface VisitView {
  id: string;
  householdId: string | null;
  householdAddress: string | null;
  gridCode: string;
  visitedAt: string;
  findings: string;
  photos: { id: string; url: string }[];
  location: { lat: number; lng: number; accuracy: number | null } | null;
  caseCode: string | null;
  by: { id: string; name: string };
}

/** Visits in `within` (the actor's subtree), newest first. */
export async function loadVisits(
  db: Db | Tx,
  o: {
    within: string;
    ids?: string[];
    gridPath?: string;
    householdId?: string;
    plannedAfter?: Date;
    by?: string;
    limit: number;
  },
): Promise<VisitView[]> {
  let q = db
    .selectFrom("visits as v")
    .leftJoin("households as h", "h.id", "v.household_id")
    .leftJoin("cases as c", "c.id", "v.case_id")
    .innerJoin("users as u", "u.id", "v.created_by")
    .select([
      "v.id",
      "v.household_id",
      "h.address",
      "v.grid_code",
      "v.visited_at",
      "v.findings",
      "v.photo_ids",
      "v.lat",
      "v.lng",
      "v.accuracy",
      "c.code as case_code",
      "u.id as user_id",
      "u.display_name",
    ])
    .where(atOrBelow("v.region_path", o.within));
  if (o.ids) q = q.where("v.id", "in", o.ids);
  if (o.gridPath) q = q.where(atOrBelow("v.region_path", o.gridPath));
  if (o.householdId) q = q.where("v.household_id", "=", o.householdId);
  if (o.plannedAfter) q = q.where("v.visited_at", ">", o.plannedAfter);
  if (o.by) q = q.where("v.created_by", "=", o.by);
  const rows = await q
    .orderBy("v.visited_at", o.plannedAfter ? "asc" : "desc")
    .orderBy("v.id")
    .limit(o.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    householdId: r.household_id,
    householdAddress: r.address,
    gridCode: r.grid_code,
    visitedAt: iso(r.visited_at),
    findings: r.findings,
    photos: r.photo_ids.map((id) => ({ id, url: photoUrl(id) })),
    location: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng, accuracy: r.accuracy } : null,
    caseCode: r.case_code,
    by: { id: r.user_id, name: r.display_name },
  }));
}
