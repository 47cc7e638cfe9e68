import { AppError } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { claimKey, releaseKey, requestHash, ZIdemKey } from "../intake/idempotency";

/**
 * `Idempotency-Key` on a case command (the field app's offline queue): the first request runs and its
 * answer is kept; a replay with the same key and body gets that answer again and runs nothing. A
 * failed command frees its key, so a stale version still answers 409 CONFLICT to a new attempt.
 * Without the header the command simply runs, as the console sends it (`keep` is then null).
 * `run` calls `keep` inside the command's own transaction: the change and its kept answer commit
 * together, so a process that dies between the two cannot leave a change whose replay runs it again.
 */
export async function onceByKey<T extends object>(
  ctx: AppContext,
  actor: SessionUser,
  header: string | string[] | undefined,
  ref: string,
  body: unknown,
  run: (actor: SessionUser, keep: ((tx: Tx, answer: NoInfer<T>) => Promise<void>) | null) => Promise<T>,
): Promise<T> {
  if (header === undefined) return run(actor, null);
  if (typeof header !== "string" || !ZIdemKey.test(header)) {
    throw new AppError("INVALID_INPUT", {
      zh: "提交编号格式有误",
      en: "Idempotency-Key must be 8–100 letters, digits, - or _",
    });
  }
  // Keys are the phone's own; scoped by user so two people's keys never meet.
  const key = `cmd:${actor.userId}:${header}`;
  const claim = await claimKey(ctx.db, key, requestHash({ ref, body }), ctx.clock.now());
  if (claim.kind === "replay") return claim.response as T;
  const keep = async (tx: Tx, answer: T) => {
    await tx
      .updateTable("idempotency_keys")
      .set({ response: JSON.stringify(answer) })
      .where("key", "=", key)
      .execute();
  };
  try {
    return await run(actor, keep);
  } catch (err) {
    await releaseKey(ctx.db, key);
    throw err;
  }
}
