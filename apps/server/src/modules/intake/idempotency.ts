import { createHash } from "node:crypto";
import { AppError } from "@fengqiao/core";
import type { Db } from "../../db/database";

export const ZIdemKey = /^[A-Za-z0-9_-]{8,100}$/;

export type Claim = { kind: "new" } | { kind: "replay"; response: Record<string, unknown> };

export const requestHash = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

/**
 * Claims an Idempotency-Key before any work: the first request inserts it, a retry finds the stored
 * response and gets exactly that answer (the same case, never a second one). A retry that arrives
 * while the first is still running is told to wait rather than racing it.
 */
export async function claimKey(db: Db, key: string, hash: string, now: Date): Promise<Claim> {
  const cdb = db;
  const inserted = await cdb
    .insertInto("idempotency_keys")
    .values({ key, request_hash: hash, response: null, created_at: now })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  if (inserted) return { kind: "new" };
  const row = await cdb
    .selectFrom("idempotency_keys")
    .select(["request_hash", "response"])
    .where("key", "=", key)
    .executeTakeFirstOrThrow();
  if (row.request_hash !== hash) {
    throw new AppError("CONFLICT", {
      zh: "该提交编号已用于另一份内容，请刷新页面后重新填写",
      en: "This Idempotency-Key was used for a different request",
    });
  }
  if (row.response === null && (await takeOver(db, key, now))) return { kind: "new" };
  if (row.response === null) {
    throw new AppError("CONFLICT", { zh: "正在提交，请稍候再试", en: "The first request is still running" });
  }
  return { kind: "replay", response: row.response as Record<string, unknown> };
}

// The case and its stored response commit together, so a claim still empty after this long belongs
// to an attempt that died before committing anything: the retry may take it over safely.
const STALE_MS = 2 * 60_000;

async function takeOver(db: Db, key: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable("idempotency_keys")
    .set({ created_at: now })
    .where("key", "=", key)
    .where("response", "is", null)
    .where("created_at", "<", new Date(now.getTime() - STALE_MS))
    .returning("key")
    .executeTakeFirst();
  return row !== undefined;
}

/** The first attempt failed: free the key so the citizen's retry can succeed. */
export async function releaseKey(db: Db, key: string) {
  await db.deleteFrom("idempotency_keys").where("key", "=", key).where("response", "is", null).execute();
}
