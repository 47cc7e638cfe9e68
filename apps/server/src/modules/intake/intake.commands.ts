import { AppError, CATEGORIES, MASHANG_FANYING } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import { createCase } from "../cases/cases.commands";
import { findPlaceByToken, type PlaceView } from "../places/places.repository";
import { claimKey, releaseKey, requestHash } from "./idempotency";
import type { TReport } from "./intake.schemas";
import { callbackRecipients, finishQrCase, qrFacts } from "./qr-case";
import { openPin, type ReportResponse, type StoredResponse } from "./report-response";

export type { ReportResponse };

// Per phone, across processes (counted in SQL): a citizen rarely has more to report than this in an hour.
export const PER_PHONE_PER_HOUR = 5;

/** 码上反映 submit: a case (我要报事) or a public opinion (我有话说), at most once per Idempotency-Key. */
export async function submitReport(o: {
  ctx: AppContext;
  input: TReport;
  idempotencyKey: string;
}): Promise<ReportResponse> {
  const { ctx, input } = o;
  const now = ctx.clock.now();
  const contact = checkReport(input);
  const place = await findPlaceByToken(ctx.db, input.token);
  const key = `report:${o.idempotencyKey}`;
  const claim = await claimKey(ctx.db, key, requestHash(input), now);
  if (claim.kind === "replay") return openPin(ctx, claim.response as StoredResponse);
  try {
    await checkPhotos(ctx.db, input.photos);
    return input.kind === "case"
      ? await submitCase(ctx, input, place, contact, key, now)
      : await submitOpinion(ctx, input, place, contact, key, now);
  } catch (err) {
    await releaseKey(ctx.db, key);
    throw err;
  }
}

interface Contact {
  name: string | null;
  phone: string | null;
}

function checkReport(input: TReport): Contact {
  if (input.website !== "") {
    // Said plainly to people, vaguely to robots: nothing tells a bot which field gave it away.
    throw new AppError("INVALID_INPUT", { zh: "提交失败，请刷新页面后重试", en: "Submission refused" });
  }
  if (!input.consent) {
    throw new AppError("INVALID_INPUT", {
      zh: "请先阅读并同意《个人信息保护说明》",
      en: "Please accept the privacy notice",
    });
  }
  if (input.anonymous) return { name: null, phone: null };
  if (!input.phone) {
    throw new AppError("INVALID_INPUT", {
      zh: "请填写手机号，或选择匿名反映",
      en: "Give a phone number or report anonymously",
    });
  }
  return { name: input.name || null, phone: input.phone };
}

/**
 * The per-phone limit, inside the report's own transaction: an advisory lock on the phone's HMAC
 * makes parallel reports from one phone count one after another, so 12 at once still make 5.
 * `ownCaseId` is the case this transaction just inserted (it must not count against itself).
 */
async function checkPhoneRate(ctx: AppContext, tx: Tx, phone: string, now: Date, ownCaseId?: string) {
  const since = new Date(now.getTime() - 3600_000);
  const hash = ctx.pd.lookupHash(phone);
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`phone-rate:${hash}`}, 0))`.execute(tx);
  const own = ownCaseId ?? "00000000-0000-0000-0000-000000000000";
  const r = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM cases WHERE reporter_phone_hash = ${hash} AND created_at > ${since} AND id <> ${own})
         + (SELECT count(*) FROM opinions WHERE reporter_phone_hash = ${hash} AND created_at > ${since}) AS n`.execute(
    tx,
  );
  if (Number(r.rows[0]?.n ?? 0) >= PER_PHONE_PER_HOUR) {
    throw new AppError("RATE_LIMITED", {
      zh: "该手机号提交过于频繁，请一小时后再试，紧急情况请拨打 110",
      en: "Too many reports from this phone number; try again in an hour",
    });
  }
}

async function checkPhotos(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  const found = await db
    .selectFrom("attachments")
    .select("id")
    .where("id", "in", ids)
    .where("case_id", "is", null)
    .where("opinion_id", "is", null)
    .execute();
  if (found.length !== new Set(ids).size) {
    throw new AppError("INVALID_INPUT", { zh: "照片已失效，请重新上传", en: "Unknown or used photo id" });
  }
}

const categoryZh = (code: string) => CATEGORIES.find((c) => c.code === code)?.zh ?? "其他";

async function submitCase(
  ctx: AppContext,
  input: TReport,
  place: PlaceView,
  contact: Contact,
  key: string,
  now: Date,
): Promise<ReportResponse> {
  // The QR facts (callback clock, notices) are part of the case's first transition; its origin, photos
  // and the idempotent response commit in the same transaction through `within`: a failure leaves no
  // case behind, a retry finds the answer.
  const cadres = await callbackRecipients(ctx, place);
  let response: ReportResponse | null = null;
  await createCase({
    ctx,
    actor: null,
    now,
    input: {
      channel: "qr",
      category: input.category,
      title: `${categoryZh(input.category)}：${place.name}`,
      description: input.description,
      regionCode: place.regionCode,
      policyKey: MASHANG_FANYING.key,
      parties: [],
      reporter: contact.phone ? { name: contact.name ?? undefined, phone: contact.phone } : undefined,
      highRisk: false,
    },
    qr: qrFacts(input, place, cadres),
    within: async (tx, row) => {
      if (contact.phone) await checkPhoneRate(ctx, tx, contact.phone, now, row.id);
      response = await finishQrCase({ ctx, tx, row, input, place, key });
    },
  });
  if (!response) throw new AppError("INTERNAL", { en: "QR case finished without a response" });
  return response;
}

async function submitOpinion(
  ctx: AppContext,
  input: TReport,
  place: PlaceView,
  contact: Contact,
  key: string,
  now: Date,
): Promise<ReportResponse> {
  return ctx.db.transaction().execute(async (raw) => {
    if (contact.phone) await checkPhoneRate(ctx, raw, contact.phone, now);
    const tx = raw;
    const row = await tx
      .insertInto("opinions")
      .values({
        place_id: place.id,
        region_code: place.regionCode,
        region_path: place.regionPath,
        category: input.category,
        description: input.description,
        reporter_name: contact.name,
        reporter_phone_enc: contact.phone ? ctx.pd.encrypt(contact.phone) : null,
        reporter_phone_hash: contact.phone ? ctx.pd.lookupHash(contact.phone) : null,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (input.photos.length)
      await tx
        .updateTable("attachments")
        .set({ opinion_id: row.id })
        .where("id", "in", input.photos)
        .execute();
    const response: ReportResponse = {
      kind: "opinion",
      id: row.id,
      message: "感谢您的意见建议，我们会认真研究。",
    };
    await tx
      .updateTable("idempotency_keys")
      .set({ response: JSON.stringify(response) })
      .where("key", "=", key)
      .execute();
    return response;
  });
}
