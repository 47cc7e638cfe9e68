import { AppError } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";

/** The case a tracking proof opened (tracking-guard.ts verified the proof first). */
export async function trackedCase(db: Db | Tx, caseId: string, o: { forUpdate: boolean }): Promise<CaseRow> {
  let q = db.selectFrom("cases").selectAll().where("id", "=", caseId);
  if (o.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

/** Names of the case's region and its ancestors, by level: the handling unit is named from these. */
export async function regionNames(db: Db, regionPath: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("regions")
    .select(["level", "name"])
    .where("code", "in", regionPath.split("."))
    .execute();
  return new Map(rows.map((r) => [r.level, r.name]));
}

export async function unitName(db: Db, unitId: string | null): Promise<string | null> {
  if (!unitId) return null;
  const u = await db.selectFrom("units").select("name").where("id", "=", unitId).executeTakeFirst();
  return u?.name ?? null;
}

export async function publicEvents(db: Db, caseId: string) {
  return db
    .selectFrom("case_events")
    .select(["type", "at", "data"])
    .where("case_id", "=", caseId)
    .orderBy("seq")
    .execute();
}
