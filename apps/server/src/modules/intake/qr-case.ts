import { CALLBACK_KIND } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { type PlaceView, villageContacts } from "../places/places.repository";
import { startTourReport } from "../tourism/tour-answer";
import { CITIZEN_STATUS_ZH } from "../tracking/tracking.presenter";
import { issueTrackingPin } from "../tracking/tracking-guard";
import type { TReport } from "./intake.schemas";
import { type ReportResponse, sealPin } from "./report-response";

export type Cadre = Awaited<ReturnType<typeof villageContacts>>[number];

/** Who gets the callback notice: the village's cadres (police are on the card, not on the rota). */
export async function callbackRecipients(ctx: AppContext, place: PlaceView): Promise<Cadre[]> {
  if (!place.villageCode) return [];
  return (await villageContacts(ctx.db, place.villageCode)).filter((c) => c.role === "cadre");
}

/**
 * What core's intake transition needs to know of a 码上反映 report: the timeline's "case.qr_received"
 * facts and the callback notice's place and recipients (the village's cadres).
 */
export function qrFacts(input: TReport, place: PlaceView, cadres: Cadre[]) {
  return {
    event: {
      placeId: place.id,
      place: place.name,
      placeKind: place.kind,
      photos: input.photos,
      located: input.location !== undefined,
      anonymous: input.anonymous,
    },
    notice: {
      place: place.name,
      recipients: cadres.map((c) => ({ userId: c.userId, name: c.name, workPhone: c.workPhone })),
    },
  };
}

interface QrCase {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  input: TReport;
  place: PlaceView;
  key: string;
}

/**
 * What a QR case stores beside the case, inside createCase's own transaction: where it came from,
 * its photos, and the stored response that answers any retry of the same submit — all of it commits
 * with the case, or nothing.
 */
export async function finishQrCase(o: QrCase): Promise<ReportResponse> {
  const { ctx, row, input, place } = o;
  const callback = await o.tx
    .selectFrom("clocks")
    .select("due_at")
    .where("case_id", "=", row.id)
    .where("kind", "=", CALLBACK_KIND)
    .executeTakeFirst();
  // 查询码: the only way an anonymous reporter can follow the case; shown once, stored as a hash.
  const pin = await issueTrackingPin(ctx, o.tx, row.id);
  const response: ReportResponse = {
    kind: "case",
    code: row.code,
    pin,
    statusText: CITIZEN_STATUS_ZH[row.status] ?? row.status,
    callbackDueAt: callback ? new Date(callback.due_at).toISOString() : null,
    message: callback ? "村干部将尽快回电联系您。" : "您选择了匿名反映，不会有电话回访。",
  };
  const tx = o.tx;
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
  await startTourReport(ctx, tx, row.id, place, new Date(row.created_at)); // 旅游警务室 at a scenic spot
  const stored = { response: JSON.stringify(sealPin(ctx, response)) };
  await tx.updateTable("idempotency_keys").set(stored).where("key", "=", o.key).execute();
  return response;
}
