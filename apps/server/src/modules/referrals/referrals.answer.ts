import { decideReferral, type ReferralCommand, type TReferralResult } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { createCase } from "../cases/cases.commands";
import { receivedCaseInput } from "./referrals.commands";
import { applyReferralEffects, referralToAnswer, stateOfReferral } from "./referrals.repository";

// The receiving side answers a referral: 签收 (acknowledge; with a case of its own when the referral
// registers one), 退回 (decline with a reason), and 结果反馈 (the result, back to the sender's timeline).

type Answer =
  | { type: "acknowledge"; note: string | null }
  | { type: "decline"; reason: string }
  | ({ type: "result" } & TReferralResult);

async function answerIn(o: {
  ctx: AppContext;
  tx: Tx;
  actor: SessionUser;
  id: string;
  answer: Answer;
  now: Date;
  target?: CaseRow;
}) {
  const { ctx, tx, actor, answer, now } = o;
  const r = await referralToAnswer(tx, actor, o.id);
  const originCode = r.origin_case_id
    ? (
        await tx
          .selectFrom("cases")
          .select("code")
          .where("id", "=", r.origin_case_id)
          .executeTakeFirstOrThrow()
      ).code
    : null;
  const command: ReferralCommand =
    answer.type === "acknowledge"
      ? { type: "acknowledge", note: answer.note, targetCaseId: o.target?.id ?? null }
      : answer.type === "decline"
        ? { type: "decline", reason: answer.reason }
        : { type: "result", outcome: answer.outcome, text: answer.text };
  const decision = decideReferral(stateOfReferral(r), command, {
    now,
    id: r.id,
    fromUnitId: r.from_unit_id,
    toUnitId: r.to_unit_id,
    originCode,
  });
  const targetId = o.target?.id ?? r.target_case_id;
  await tx
    .updateTable("referrals")
    .set({
      status: decision.state.status,
      outcome: decision.state.outcome,
      ...(answer.type === "acknowledge" ? { acknowledged_at: now, target_case_id: targetId } : {}),
      ...(answer.type === "decline" ? { decline_reason: answer.reason } : {}),
      ...(answer.type === "result" ? { result_text: answer.text, returned_at: now } : {}),
    })
    .where("id", "=", r.id)
    .execute();
  await applyReferralEffects({
    ctx,
    tx,
    effects: [
      { caseId: r.origin_case_id, effect: decision.origin },
      { caseId: targetId, effect: decision.target, ...(o.target ? { row: o.target } : {}) },
    ],
    actorId: actor.userId,
    now,
  });
  return r.id;
}

export async function answerReferral(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  answer: Answer;
  now: Date;
}) {
  const { ctx, actor, id, answer, now } = o;
  if (answer.type === "acknowledge") {
    // Read first (no lock) to learn whether a case comes with it; answerIn re-checks under the lock.
    const peek = await ctx.db.transaction().execute((tx) => referralToAnswer(tx, actor, id));
    if (peek.register && !peek.target_case_id && peek.origin_case_id && peek.status === "sent") {
      const origin = await ctx.db
        .selectFrom("cases")
        .selectAll()
        .where("id", "=", peek.origin_case_id)
        .executeTakeFirstOrThrow();
      await createCase({
        ctx,
        actor: null,
        createdBy: actor.userId,
        now,
        input: receivedCaseInput(ctx, origin, peek.unit_region, peek.reason),
        within: async (tx, target) => {
          await answerIn({ ctx, tx, actor, id, answer, now, target });
        },
      });
      return id;
    }
  }
  return ctx.db.transaction().execute((tx) => answerIn({ ctx, tx, actor, id, answer, now }));
}
