import { AppError, type CaseCommand } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { type CaseChange, fieldsOf, saveCaseChanges, stateOf } from "../cases/case-store";
import { commandChange, policyOrThrow } from "../cases/cases.commands";
import { CALLBACK_KIND, callbackClock } from "../intake/qr-case";
import { canRate, RATING_ZH, type Rating } from "./tracking.presenter";
import { trackedCase } from "./tracking.repository";

/**
 * 回访评价 by the citizen. 不满意 reopens the case at once, with the citizen's words as the reason,
 * through the same workflow rule and effects a cadre's reopen uses — only the actor is nobody (null).
 */
export async function rateCase(o: {
  ctx: AppContext;
  /** The case a tracking proof opened (verifyTracking). */
  caseId: string;
  rating: Rating;
  comment: string;
}) {
  const { ctx } = o;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await trackedCase(tx, o.caseId, { forUpdate: true });
    const events = await tx
      .selectFrom("case_events")
      .select("type")
      .where("case_id", "=", row.id)
      .orderBy("seq")
      .execute();
    if (!canRate(row, events)) {
      throw new AppError("INVALID_TRANSITION", {
        zh: "该事项尚未办结，或已评价过，暂不能评价",
        en: "The case is not resolved, or was already rated",
      });
    }
    const rated = { type: "case.rated", at: now, data: { rating: o.rating, comment: o.comment || null } };
    let change: CaseChange = {
      before: row,
      state: stateOf(row),
      fields: fieldsOf(row),
      events: [rated],
      clockOps: [],
      newClocks: [],
      outbox: [],
    };
    if (o.rating === "dissatisfied") change = await reopenChange(ctx, tx, change, row, o.comment, now);
    await saveCaseChanges(tx, [change], null, now);
    return { rating: o.rating, ratingText: RATING_ZH[o.rating], reopened: o.rating === "dissatisfied" };
  });
}

async function reopenChange(
  ctx: AppContext,
  tx: Tx,
  base: CaseChange,
  row: CaseRow,
  comment: string,
  now: Date,
): Promise<CaseChange> {
  const policy = await policyOrThrow(ctx, row.policy_key);
  const command: CaseCommand = { type: "reopen", reason: `群众评价不满意：${comment || "（未填写意见）"}` };
  const fx = await commandChange({ ctx, tx, row, policy, command, now, actorId: null });
  // 码上反映: an unhappy citizen gets a call back within the same limit as a new report.
  if (row.channel === "qr" && row.reporter_phone_enc) {
    fx.clockOps.push({ op: "stop", kinds: [CALLBACK_KIND] });
    fx.newClocks.push(callbackClock(ctx.config.callbackLimit, now));
  }
  fx.outbox.push({
    topic: "case.reopened_by_citizen",
    payload: { caseId: row.id, code: row.code, regionCode: row.region_code },
  });
  return { ...fx, events: [...base.events, ...fx.events] };
}
