import { randomInt, timingSafeEqual } from "node:crypto";
import { AppError } from "@fengqiao/core";
import type { FastifyBaseLogger } from "fastify";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import { validCaseCode } from "../cases/case-code";

// Wrong tracking attempts a case code takes in an hour before it is locked for tracking.
export const WRONG_PER_CODE_PER_HOUR = 5;
// Wrong attempts across all codes per minute before tracking pauses for everyone: an enumeration
// spread over many codes and addresses still gets at most this many guesses a minute.
export const WRONG_PER_MINUTE_GLOBAL = 30;
const HOUR = 3600_000;
const MINUTE = 60_000;

/** What a citizen proves: the case code and either the phone's last 4 digits or the 查询码. */
export interface TrackingProof {
  code: string;
  phoneLast4?: string | undefined;
  pin?: string | undefined;
}

const notFound = () =>
  new AppError("NOT_FOUND_OR_NO_ACCESS", {
    zh: "未找到该受理编号，或手机号后四位/查询码不符，请核对后重试",
    en: "No case with this code and phone digits or tracking PIN",
  });

// China has no daylight saving time: wall-clock time is UTC+8 all year.
const beijingTime = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(11, 16);

const locked = (until: Date) =>
  new AppError(
    "RATE_LIMITED",
    {
      zh: `该受理编号查询错误次数过多，为保护您的信息已暂停查询，请于 ${beijingTime(until)} 后再试`,
      en: `Too many wrong attempts for this case code; try again after ${until.toISOString()}`,
    },
    { retryAt: until.toISOString() },
  );

const busy = (until: Date) =>
  new AppError(
    "RATE_LIMITED",
    {
      zh: "查询人数过多，请一分钟后再试",
      en: "Too many wrong tracking attempts right now; try again in a minute",
    },
    { retryAt: until.toISOString() },
  );

type Outcome =
  | { kind: "ok"; caseId: string }
  | { kind: "locked"; until: Date }
  | { kind: "busy"; until: Date }
  | { kind: "wrong"; lockedUntil: Date | null; globalCapReached: boolean };

/**
 * The case a tracking proof opens, or a refusal. Wrong attempts are counted per code and globally in
 * PostgreSQL (so every process agrees); an advisory lock per code serialises parallel guesses at one
 * code, so the 6th wrong guess is refused even when all six arrive at once. Lock-outs are logged with
 * the code, never the digits.
 */
export async function verifyTracking(ctx: AppContext, proof: TrackingProof, log: FastifyBaseLogger) {
  const code = proof.code;
  if (!validCaseCode(code)) throw notFound();
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction().execute((tx) => attempt(ctx, tx, proof, now));
  switch (outcome.kind) {
    case "ok":
      return outcome.caseId;
    case "locked":
      throw locked(outcome.until);
    case "busy":
      throw busy(outcome.until);
    case "wrong":
      if (outcome.lockedUntil) {
        log.warn(
          { caseCode: code, until: outcome.lockedUntil.toISOString() },
          "tracking locked for a case code",
        );
      }
      if (outcome.globalCapReached)
        log.warn({ caseCode: code }, "tracking paused: global cap of wrong attempts");
      if (outcome.lockedUntil) throw locked(outcome.lockedUntil);
      throw notFound();
  }
}

async function attempt(ctx: AppContext, tx: Tx, proof: TrackingProof, now: Date): Promise<Outcome> {
  const code = proof.code;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`track:${code}`}, 0))`.execute(tx);
  const hourAgo = new Date(now.getTime() - HOUR);
  const recent = await sql<{ at: Date }>`
    SELECT at FROM tracking_failures WHERE code = ${code} AND at > ${hourAgo}
    ORDER BY at DESC LIMIT ${WRONG_PER_CODE_PER_HOUR}`.execute(tx);
  const oldest = recent.rows.at(-1)?.at;
  // Locked until the oldest of the last five wrong attempts is an hour old.
  if (recent.rows.length >= WRONG_PER_CODE_PER_HOUR && oldest) {
    return { kind: "locked", until: new Date(new Date(oldest).getTime() + HOUR) };
  }
  const minuteAgo = new Date(now.getTime() - MINUTE);
  const g = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM tracking_failures WHERE at > ${minuteAgo}`.execute(tx);
  const globalWrong = Number(g.rows[0]?.n ?? 0);
  if (globalWrong >= WRONG_PER_MINUTE_GLOBAL)
    return { kind: "busy", until: new Date(now.getTime() + MINUTE) };

  const found = await sql<{ id: string; last4: string | null; pin_hash: string | null }>`
    SELECT c.id, c.reporter_phone_last4 AS last4, p.pin_hash
    FROM cases c LEFT JOIN case_tracking_pins p ON p.case_id = c.id WHERE c.code = ${code}`.execute(tx);
  const row = found.rows[0];
  if (row && proves(ctx, row, proof)) return { kind: "ok", caseId: row.id };

  await sql`INSERT INTO tracking_failures (code, at) VALUES (${code}, ${now})`.execute(tx);
  // Housekeeping: nothing older than the longest window is ever read again.
  await sql`DELETE FROM tracking_failures WHERE at <= ${hourAgo}`.execute(tx);
  const first = recent.rows.length === 0 ? now : new Date(oldest ?? now);
  const lockedNow = recent.rows.length + 1 >= WRONG_PER_CODE_PER_HOUR;
  return {
    kind: "wrong",
    lockedUntil: lockedNow ? new Date(first.getTime() + HOUR) : null,
    globalCapReached: globalWrong + 1 === WRONG_PER_MINUTE_GLOBAL,
  };
}

function proves(
  ctx: AppContext,
  row: { id: string; last4: string | null; pin_hash: string | null },
  proof: TrackingProof,
): boolean {
  if (proof.pin) return row.pin_hash !== null && same(row.pin_hash, pinHash(ctx, row.id, proof.pin));
  if (proof.phoneLast4)
    return row.last4 !== null && row.last4.length === 4 && same(row.last4, proof.phoneLast4);
  return false;
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

// Keyed and bound to the case: a copied table of hashes cannot be matched against 10^6 PINs offline.
const pinHash = (ctx: AppContext, caseId: string, pin: string) =>
  ctx.pd.lookupHash(`tracking-pin:${caseId}:${pin}`);

/** A new 查询码 for a citizen's case, inside the case's own transaction; only its hash is stored. */
export async function issueTrackingPin(ctx: AppContext, tx: Tx, caseId: string): Promise<string> {
  const pin = String(randomInt(0, 1_000_000)).padStart(6, "0");
  await sql`INSERT INTO case_tracking_pins (case_id, pin_hash) VALUES (${caseId}, ${pinHash(ctx, caseId, pin)})`.execute(
    tx,
  );
  return pin;
}
