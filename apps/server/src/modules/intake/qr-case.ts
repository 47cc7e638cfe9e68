import { durationMs, parseDuration } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { type CaseChange, fieldsOf, type NewClock, saveCaseChanges, stateOf } from "../cases/case-store";
import { type PlaceView, villageContacts } from "../places/places.repository";

export type Cadre = Awaited<ReturnType<typeof villageContacts>>[number];

/** Who gets the callback notice: the village's cadres (police are on the card, not on the rota). */
export async function callbackRecipients(ctx: AppContext, place: PlaceView): Promise<Cadre[]> {
  if (!place.villageCode) return [];
  return (await villageContacts(ctx.db, place.villageCode)).filter((c) => c.role === "cadre");
}

import { CITIZEN_STATUS_ZH } from "../tracking/tracking.presenter";
import { issueTrackingPin } from "../tracking/tracking-guard";
import { citizenTx } from "./citizen-db";
import type { TReport } from "./intake.schemas";
import { type ReportResponse, sealPin } from "./report-response";

export const CALLBACK_KIND = "callback";

/** 码上反映's callback clock: wall-clock minutes, nights and holidays included — a citizen is waiting. */
export function callbackClock(limit: string, now: Date): NewClock {
  return {
    kind: CALLBACK_KIND,
    step: null,
    started_at: now,
    due_at: new Date(now.getTime() + durationMs(parseDuration(limit))),
    warn_at: null,
    basis: `mashang-fanying:callback:${limit}`,
  };
}

interface QrCase {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  input: TReport;
  place: PlaceView;
  phone: string | null;
  cadres: Cadre[];
  key: string;
  now: Date;
}

/**
 * Everything a QR case adds to the case, inside createCase's own transaction: where it came from,
 * its photos, the callback clock, the notices (cadres, and the citizen's SMS), and the stored
 * response that answers any retry of the same submit — all of it commits with the case, or nothing.
 */
export async function finishQrCase(o: QrCase): Promise<ReportResponse> {
  const { ctx, row, input, place, now } = o;
  const clock = callbackClock(ctx.config.callbackLimit, now);
  const change: CaseChange = {
    before: row,
    state: stateOf(row),
    fields: fieldsOf(row),
    events: [qrEvent(input, place, now)],
    clockOps: [],
    // Anonymous reports leave no number to call: no callback clock, only the ladder.
    newClocks: o.phone ? [clock] : [],
    outbox: qrNotices(o, clock.due_at),
  };
  await saveCaseChanges(o.tx, [change], null, now);
  // 查询码: the only way an anonymous reporter can follow the case; shown once, stored as a hash.
  const pin = await issueTrackingPin(ctx, o.tx, row.id);
  const response: ReportResponse = {
    kind: "case",
    code: row.code,
    pin,
    statusText: CITIZEN_STATUS_ZH[row.status] ?? row.status,
    callbackDueAt: o.phone ? clock.due_at.toISOString() : null,
    message: o.phone ? "村干部将尽快回电联系您。" : "您选择了匿名反映，不会有电话回访。",
  };
  const tx = citizenTx(o.tx);
  const loc = input.location;
  await tx
    .insertInto("case_origins")
    .values({
      case_id: row.id,
      place_id: place.id,
      client_id: null,
      lat: loc?.lat ?? null,
      lng: loc?.lng ?? null,
      address: loc?.address ?? null,
    })
    .execute();
  if (input.photos.length)
    await tx.updateTable("attachments").set({ case_id: row.id }).where("id", "in", input.photos).execute();
  const stored = { response: JSON.stringify(sealPin(ctx, response)) };
  await tx.updateTable("idempotency_keys").set(stored).where("key", "=", o.key).execute();
  return response;
}

/** The village's cadres are told at once; the citizen gets the code by SMS when a phone was given. */
function qrNotices(o: QrCase, callbackDueAt: Date): CaseChange["outbox"] {
  const { row } = o;
  const outbox: CaseChange["outbox"] = [
    {
      topic: "case.callback_required",
      payload: {
        caseId: row.id,
        code: row.code,
        regionCode: row.region_code,
        place: o.place.name,
        callbackDueAt: o.phone ? callbackDueAt.toISOString() : null,
        recipients: o.cadres.map((c) => ({ userId: c.userId, name: c.name, workPhone: c.workPhone })),
      },
    },
  ];
  // The gateway needs the number; the outbox keeps it sealed, and only the webhook adapter opens it.
  if (o.phone) {
    outbox.push({
      topic: "sms.case_received",
      payload: { to: { phoneEnc: o.ctx.pd.encrypt(o.phone) }, template: "case_received", code: row.code },
    });
  }
  return outbox;
}

function qrEvent(input: TReport, place: PlaceView, now: Date) {
  return {
    type: "case.qr_received",
    at: now,
    data: {
      placeId: place.id,
      place: place.name,
      placeKind: place.kind,
      photos: input.photos,
      located: input.location !== undefined,
      anonymous: input.anonymous,
    },
  };
}
