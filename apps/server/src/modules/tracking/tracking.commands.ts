import { AppError } from "@fengqiao/core";
import type { AppContext } from "../../context";
import { changeCase } from "../cases/case-change";
import { canRate, RATING_ZH, type Rating } from "./tracking.presenter";
import { trackedCase } from "./tracking.repository";

/**
 * 回访评价 by the citizen. 不满意 reopens the case at once, with the citizen's words as the reason,
 * through the same transition a cadre's reopen takes (and, for 码上反映, a new callback clock) — only
 * the actor is nobody (null).
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
    // 信访: an unhappy petitioner asks for 复查 (《信访工作条例》第三十五条); the rating is kept, the case not reopened.
    const petition = row.services.includes("petition");
    const cause = { type: "rated" as const, rating: o.rating, comment: o.comment, reopens: !petition };
    // The case keeps the last rating (the leaders' satisfaction rate); the events keep them all.
    await changeCase({ ctx, tx, row, cause, now, actorId: null });
    return {
      rating: o.rating,
      ratingText: RATING_ZH[o.rating],
      reopened: !petition && o.rating === "dissatisfied",
    };
  });
}
