import { AppError } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import { audit } from "../audit/audit";

/**
 * Per-account throttling of password guesses, kept in PostgreSQL so every server process sees
 * the same count. The per-address rate limit alone does not stop guesses spread over many
 * addresses; this does, at the price of a short lock for the real user (which an admin can lift).
 */
export const THROTTLE = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  /** First lock; each further lock doubles, up to maxLockMs. */
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  /** A quiet day forgets earlier lock-outs, so one bad morning does not grow the lock forever. */
  forgetMs: 24 * 3600_000,
} as const;

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lastFailure: Date;
  lockedUntil: Date | null;
  lockouts: number;
}

/** The state after one more wrong password at `now`; `lockedNow` says this failure started a lock. */
export function afterFailure(s: ThrottleState | null, now: Date): ThrottleState & { lockedNow: boolean } {
  const t = now.getTime();
  let next: ThrottleState =
    !s || t - s.lastFailure.getTime() > THROTTLE.forgetMs
      ? { failures: 0, windowStart: now, lastFailure: now, lockedUntil: null, lockouts: 0 }
      : { ...s };
  const lockOver = next.lockedUntil !== null && next.lockedUntil.getTime() <= t;
  if (lockOver || t - next.windowStart.getTime() > THROTTLE.windowMs) {
    next = { ...next, failures: 0, windowStart: now, lockedUntil: null };
  }
  next.failures += 1;
  next.lastFailure = now;
  if (next.failures < THROTTLE.maxFailures) return { ...next, lockedNow: false };
  const lockMs = Math.min(THROTTLE.baseLockMs * 2 ** next.lockouts, THROTTLE.maxLockMs);
  return {
    failures: 0,
    windowStart: now,
    lastFailure: now,
    lockedUntil: new Date(t + lockMs),
    lockouts: next.lockouts + 1,
    lockedNow: true,
  };
}

export function lockedError(lockedUntil: Date, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new AppError(
    "RATE_LIMITED",
    {
      zh: `密码错误次数过多，该账号已暂时锁定，请 ${minutes} 分钟后重试，或请管理员解锁`,
      en: `Too many wrong passwords: this account is locked; try again in ${minutes} min or ask an administrator to unlock it`,
    },
    { reason: "account_locked", lockedUntil: lockedUntil.toISOString(), retryAfterSeconds },
  );
}

/** The lock on `username` at `now`, if any. */
export async function activeLock(db: Db, username: string, now: Date): Promise<Date | null> {
  const row = await db
    .selectFrom("login_throttle")
    .select("locked_until")
    .where("username", "=", username)
    .executeTakeFirst();
  const until = row?.locked_until ? new Date(row.locked_until) : null;
  return until && until > now ? until : null;
}

/**
 * Counts one wrong password under a row lock (parallel guesses are all counted) and audits a
 * lock-out. Returns the lock that this failure started, if it did.
 */
export async function recordFailure(
  db: Db,
  o: { username: string; userId: string | null; now: Date },
): Promise<Date | null> {
  return db.transaction().execute(async (tx) => {
    // Guesses at names that do not exist leave rows too: forget those quiet for a day, and any
    // finished lock with them, so the table stays small.
    await tx
      .deleteFrom("login_throttle")
      .where("last_failure", "<", new Date(o.now.getTime() - THROTTLE.forgetMs))
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<", o.now)]))
      .execute();
    await tx
      .insertInto("login_throttle")
      .values({ username: o.username, failures: 0, window_start: o.now, last_failure: o.now, lockouts: 0 })
      .onConflict((oc) => oc.column("username").doNothing())
      .execute();
    const row = await tx
      .selectFrom("login_throttle")
      .selectAll()
      .where("username", "=", o.username)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const next = afterFailure(
      {
        failures: row.failures,
        windowStart: new Date(row.window_start),
        lastFailure: new Date(row.last_failure),
        lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
        lockouts: row.lockouts,
      },
      o.now,
    );
    await tx
      .updateTable("login_throttle")
      .set({
        failures: next.failures,
        window_start: next.windowStart,
        last_failure: next.lastFailure,
        locked_until: next.lockedUntil,
        lockouts: next.lockouts,
      })
      .where("username", "=", o.username)
      .execute();
    if (!next.lockedNow || !next.lockedUntil) return null;
    await audit(tx, {
      at: o.now,
      actorId: null,
      action: "auth.locked",
      entity: "user",
      entityId: o.userId,
      data: { username: o.username, lockedUntil: next.lockedUntil.toISOString(), lockouts: next.lockouts },
    });
    return next.lockedUntil;
  });
}

/** A successful login or an admin's unlock forgets every failure of the account. */
export async function clearFailures(db: Db | Tx, username: string) {
  await db.deleteFrom("login_throttle").where("username", "=", username).execute();
}
