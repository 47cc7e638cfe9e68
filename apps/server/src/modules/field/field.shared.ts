import { createHash } from "node:crypto";
import { type Action, AppError, authorize, inSubtree } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";

export const notFound = () => new AppError("NOT_FOUND_OR_NO_ACCESS");
export const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * The role may do `action` somewhere (else 403 FORBIDDEN, e.g. a department handler), before any
 * record is looked at; a record outside the actor's subtree then answers 404 like a missing one.
 */
export function authorizeRole(actor: SessionUser, action: Action) {
  authorize(actor, action, { regionPath: actor.regionPath });
}

export interface Region {
  code: string;
  name: string;
  path: string;
  level: string;
}

/** A grid in the actor's subtree that the actor may act on; 404 for a grid elsewhere or no grid. */
export async function gridInScope(
  db: Db | Tx,
  actor: SessionUser,
  code: string,
  action: Action,
): Promise<Region> {
  authorizeRole(actor, action);
  const r = await db
    .selectFrom("regions")
    .select(["code", "name", "path", "level"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!r) throw notFound();
  if (r.level !== "grid" || !inSubtree(r.path, actor.regionPath)) throw notFound();
  authorize(actor, action, { regionPath: r.path });
  return r;
}

/** A region (any level) in the actor's subtree; 404 otherwise. */
export async function regionInScope(db: Db | Tx, actor: SessionUser, code: string): Promise<Region> {
  const r = await db
    .selectFrom("regions")
    .select(["code", "name", "path", "level"])
    .where("code", "=", code)
    .executeTakeFirst();
  if (!r || !inSubtree(r.path, actor.regionPath)) throw notFound();
  return r;
}

/** What a client-id record was created from: the body and who sent it. */
export const requestHashOf = (actor: SessionUser, body: unknown) =>
  createHash("sha256")
    .update(JSON.stringify([actor.userId, body]))
    .digest("hex");

type OnceTable = "visits" | "campaign_results" | "field_opinions" | "campaigns";

/**
 * The phone's own id makes a write idempotent: a record with this id and the same request is a
 * replay (answer it again); the same id with another request is refused (409), never overwritten.
 */
export async function replayOf(db: Db | Tx, table: OnceTable, id: string, hash: string): Promise<boolean> {
  const row = await db.selectFrom(table).select("request_hash").where("id", "=", id).executeTakeFirst();
  if (!row) return false;
  if (row.request_hash !== hash) {
    throw new AppError("CONFLICT", {
      zh: "该记录编号已用于另一份内容，请刷新后重试",
      en: "This id was already used for a different request",
    });
  }
  return true;
}

/** Postgres unique violation: two replays raced; the loser answers the winner's record. */
export const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === "23505";

/** Runs the insert, or — when a racing replay inserted first — reports a replay. */
export async function insertOnce(
  db: Db,
  table: OnceTable,
  id: string,
  hash: string,
  insert: () => Promise<void>,
): Promise<"new" | "replay"> {
  if (await replayOf(db, table, id, hash)) return "replay";
  try {
    await insert();
    return "new";
  } catch (err) {
    if (isUniqueViolation(err) && (await replayOf(db, table, id, hash))) return "replay";
    throw err;
  }
}

/** The photos a visit cites must be field photos this user uploaded (never someone else's case photo). */
export async function checkOwnPhotos(db: Db | Tx, actor: SessionUser, ids: readonly string[]) {
  if (ids.length === 0) return;
  const rows = await db
    .selectFrom("field_photos")
    .select("id")
    .where("id", "in", ids)
    .where("uploaded_by", "=", actor.userId)
    .execute();
  if (rows.length !== new Set(ids).size) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "照片不存在或未上传完成，请重新选择", en: "Unknown photo" },
      { field: "photoIds" },
    );
  }
}

export const photoUrl = (id: string) => `/api/v1/field/photos/${id}`;
