import {
  AppError,
  authorize,
  inSubtree,
  isPublicOrder,
  OPEN_STATUSES,
  officerRouting,
  PUBLIC_ORDER_CATEGORIES,
} from "@fengqiao/core";
import { type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { CaseRow, Database } from "../../db/schema";
import { atOrBelow } from "../../db/subtree";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { changeCase } from "../cases/case-change";
import { summaryExtras, visibleTo } from "../cases/cases.repository";
import { regionForActor } from "../regions/regions.commands";

// 有事找书记，有事找警察: who a village's resident officer is (table village_officers), what reaches them
// (core's 治安 categories), and their queue.

const PUBLIC_ORDER = PUBLIC_ORDER_CATEGORIES.map((c) => c.code);

/** The village a case lies in, with its officer (an enabled user), in one query; null when none. */
async function officerForPath(db: Db | Tx, regionPath: string) {
  const r = await sql<{ code: string; name: string; user_id: string; display_name: string }>`
    SELECT v.code, v.name, u.id AS user_id, u.display_name
    FROM regions v
    JOIN village_officers vo ON vo.village_code = v.code
    JOIN users u ON u.id = vo.user_id AND NOT u.disabled
    WHERE v.level = 'village' AND (${regionPath} = v.path OR ${regionPath} LIKE v.path || '.%')
    LIMIT 1`.execute(db);
  return r.rows[0] ?? null;
}

/**
 * A new case in a 治安 category goes to its village's resident officer, in the case's own creating
 * transaction and on the one transition path (an `assign` plus the timeline's "police.routed").
 * Returns the case as it now stands (the same row when nothing changed).
 */
export async function routeToVillageOfficer(
  ctx: AppContext,
  tx: Tx,
  row: CaseRow,
  now: Date,
): Promise<CaseRow> {
  if (!isPublicOrder(row.category)) return row; // nothing to look up for most cases
  const found = await officerForPath(tx, row.region_path);
  if (!found) return row;
  const causes = officerRouting({
    category: row.category,
    village: { code: found.code, name: found.name },
    officer: { userId: found.user_id, name: found.display_name },
    assignedUnitId: row.assigned_unit_id,
  });
  if (!causes.length) return row;
  await changeCase({ ctx, tx, row, cause: causes, now, actorId: null });
  // Whatever else the creating transaction does to the case builds on this version and event chain.
  return tx.selectFrom("cases").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
}

/** The officer's part of a work queue: 治安 cases of their villages, and whatever was routed to them. */
export function policeQueue(actor: SessionUser) {
  return (eb: ExpressionBuilder<Database, "cases">) =>
    eb.or([
      eb("cases.assignee_id", "=", actor.userId),
      eb.and([
        eb("cases.category", "in", PUBLIC_ORDER),
        sql<SqlBool>`EXISTS (SELECT 1 FROM village_officers vo JOIN regions v ON v.code = vo.village_code
          WHERE vo.user_id = ${actor.userId}
            AND (cases.region_path = v.path OR cases.region_path LIKE v.path || '.%'))`,
      ]),
    ]);
}

/**
 * The officer's 治安 queue as rows for a list (GET /police/queue, newest first) or for the phone's
 * 今日 (GET /field/today, what runs out first): open cases they may see, of their villages or routed to them.
 */
export function policeQueueCases(db: Db, actor: SessionUser, o: { order: "due" | "newest"; limit: number }) {
  return db
    .selectFrom("cases")
    .selectAll()
    .select(summaryExtras)
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where(policeQueue(actor))
    .orderBy(o.order === "due" ? "cases.step_due_at" : "cases.created_at", o.order === "due" ? "asc" : "desc")
    .limit(o.limit)
    .execute();
}

export interface OfficerView {
  userId: string;
  name: string;
  workPhone: string | null;
}

/** Villages in a scope with their officers, and the police who could be named (for the console). */
export async function officersInScope(db: Db, scopePath: string) {
  const villages = await db
    .selectFrom("regions as v")
    .leftJoin("village_officers as vo", "vo.village_code", "v.code")
    .leftJoin("users as u", "u.id", "vo.user_id")
    .select([
      "v.code",
      "v.name",
      "u.id as userId",
      "u.display_name as officerName",
      "u.work_phone as workPhone",
    ])
    .where("v.level", "=", "village")
    .where(atOrBelow("v.path", scopePath))
    .orderBy("v.code")
    .limit(2000)
    .execute();
  const candidates = await db
    .selectFrom("users as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id as userId", "u.display_name as name", "r.name as regionName", "r.path as regionPath"])
    .where(sql<SqlBool>`'police' = ANY(u.roles)`)
    .where("u.disabled", "=", false)
    .where((eb) => eb.or([atOrBelow("r.path", scopePath), sql<SqlBool>`${scopePath} LIKE r.path || '.%'`]))
    .orderBy("u.username")
    .limit(500)
    .execute();
  return {
    villages: villages.map((v) => ({
      code: v.code,
      name: v.name,
      officer: v.userId ? { userId: v.userId, name: v.officerName ?? "", workPhone: v.workPhone } : null,
    })),
    candidates,
  };
}

/**
 * The administrator names (or clears) a village's officer. The officer must be an enabled police user
 * whose own region holds the village: they read its cases by jurisdiction (core's role grants).
 */
export async function setVillageOfficer(o: {
  ctx: AppContext;
  actor: SessionUser;
  villageCode: string;
  userId: string | null;
}): Promise<{ villageCode: string; officer: OfficerView | null }> {
  const { ctx, actor } = o;
  const village = await regionForActor(ctx.db, actor, o.villageCode);
  authorize(actor, "officer.manage", { regionPath: village.path });
  if (village.level !== "village")
    throw new AppError("INVALID_INPUT", { zh: "驻村民警只能设在村（社区）", en: "Officers serve villages" });
  let officer: OfficerView | null = null;
  if (o.userId) {
    const u = await ctx.db
      .selectFrom("users as u")
      .innerJoin("regions as r", "r.code", "u.region_code")
      .select(["u.id", "u.display_name", "u.roles", "u.disabled", "u.work_phone", "r.path"])
      .where("u.id", "=", o.userId)
      .executeTakeFirst();
    if (!u || u.disabled || !u.roles.includes("police"))
      throw new AppError("INVALID_INPUT", { zh: "请选择在岗的民警账号", en: "Pick an enabled police user" });
    if (!inSubtree(village.path, u.path))
      throw new AppError("INVALID_INPUT", {
        zh: "该民警的辖区不含此村，无法查看本村案件；请先调整其所属辖区",
        en: "The officer's region does not hold this village",
      });
    officer = { userId: u.id, name: u.display_name, workPhone: u.work_phone };
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    if (officer)
      await tx
        .insertInto("village_officers")
        .values({ village_code: village.code, user_id: officer.userId, set_by: actor.userId, set_at: now })
        .onConflict((oc) =>
          oc
            .column("village_code")
            .doUpdateSet({ user_id: officer.userId, set_by: actor.userId, set_at: now }),
        )
        .execute();
    else await tx.deleteFrom("village_officers").where("village_code", "=", village.code).execute();
    const data = { userId: officer?.userId ?? null };
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      action: "village.officer_set",
      entity: "region",
      entityId: village.code,
      data,
    });
  });
  return { villageCode: village.code, officer };
}
