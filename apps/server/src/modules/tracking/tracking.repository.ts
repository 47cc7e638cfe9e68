import { timingSafeEqual } from "node:crypto";
import { AppError } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { validCaseCode } from "../cases/case-code";

const notFound = () =>
  new AppError("NOT_FOUND_OR_NO_ACCESS", {
    zh: "未找到该受理编号，或手机号后四位不符，请核对后重试",
    en: "No case with this code and phone digits",
  });

/**
 * A case by its code and the reporter's last 4 phone digits. Anonymous cases have no digits and
 * cannot be followed online; a wrong code and wrong digits answer the same, so neither is confirmed.
 */
export async function findTrackedCase(
  db: Db | Tx,
  code: string,
  last4: string,
  o: { forUpdate: boolean },
): Promise<CaseRow> {
  if (!validCaseCode(code)) throw notFound();
  let q = db.selectFrom("cases").selectAll().where("code", "=", code);
  if (o.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  const stored = row?.reporter_phone_last4 ?? "";
  const ok =
    stored.length === 4 && timingSafeEqual(Buffer.from(stored), Buffer.from(last4.padEnd(4).slice(0, 4)));
  if (!row || !ok) throw notFound();
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
