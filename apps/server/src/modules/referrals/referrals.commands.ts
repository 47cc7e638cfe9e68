import {
  AppError,
  authorize,
  type CaseCause,
  checkPurpose,
  decideReferral,
  dockingOf,
  isOpen,
  type ReferralPurpose,
  referralAckDue,
  type TCaseCreate,
  type TReferralIncoming,
  type TReferralSend,
} from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { policyOrThrow, transitionCase } from "../cases/case-change";
import { saveCaseChanges } from "../cases/case-store";
import { createCase } from "../cases/cases.commands";
import { findCaseForActor } from "../cases/cases.repository";
import { regionForActor } from "../regions/regions.commands";
import { centerClocks } from "../window/center-data";
import { applyReferralEffects } from "./referrals.repository";

// 三调对接: each change keeps the referral's own state in `referrals` and reaches the sender's and the
// receiver's cases on the one transition path, all in one transaction.

// Units that mediate on a ladder of their own: a referral to them brings a case with it by default.
const LADDER_UNITS = ["mediation_committee", "village_committee", "center", "justice_office"];
const registersByDefault = (purpose: ReferralPurpose, toKind: string) =>
  (purpose === "pre_litigation" || purpose === "mediation") && LADDER_UNITS.includes(toKind);

const unitById = (tx: Tx, id: string) =>
  tx
    .selectFrom("units")
    .select(["id", "kind", "name", "region_code"])
    .where("id", "=", id)
    .executeTakeFirst();

/** 转出: a case in the actor's jurisdiction is referred to a court, police station or petition office (or in reverse). */
export async function sendReferral(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  input: TReferralSend;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  const clocks = await centerClocks(ctx.db);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
    authorize(actor, "referral.send", { regionPath: row.region_path, assignedUnitId: row.assigned_unit_id });
    if (!isOpen(row.status)) {
      throw new AppError("INVALID_TRANSITION", {
        zh: "已办结的案件不能转介",
        en: "A settled case cannot be referred",
      });
    }
    const to = await unitById(tx, input.toUnitId);
    if (!to)
      throw new AppError(
        "INVALID_INPUT",
        { zh: "接收单位不存在", en: "No such unit" },
        { field: "toUnitId" },
      );
    const from = actor.unitId ? await unitById(tx, actor.unitId) : undefined;
    const docking = dockingOf(from?.kind ?? null, to.kind);
    checkPurpose(input.purpose, to.kind);
    const calendar = { ...(await ctx.rules.calendar(await policyOrThrow(ctx, row.policy_key))) };
    calendar.counting = clocks.referralCounting;
    const due = referralAckDue(now, clocks.referralAck, calendar);
    const id = crypto.randomUUID();
    const decision = decideReferral(
      null,
      {
        type: "send",
        toUnitId: to.id,
        docking,
        purpose: input.purpose,
        reason: input.reason,
        ackDueAt: due.due,
        basis: `referral.ack:${clocks.referralAck}${clocks.referralCounting === "working" ? "（工作日）" : ""}`,
      },
      { now, id, fromUnitId: from?.id ?? null, toUnitId: to.id, originCode: row.code },
    );
    await tx
      .insertInto("referrals")
      .values({
        id,
        origin_case_id: row.id,
        target_case_id: null,
        from_unit_id: from?.id ?? null,
        to_unit_id: to.id,
        docking,
        purpose: input.purpose,
        reason: input.reason,
        external_ref: null,
        register: input.register ?? registersByDefault(input.purpose, to.kind),
        status: decision.state.status,
        ack_due_at: due.due,
        outcome: null,
        result_text: null,
        decline_reason: null,
        created_by: actor.userId,
        created_at: now,
        acknowledged_at: null,
        returned_at: null,
      })
      .execute();
    const effect = decision.origin;
    const causes: CaseCause[] = effect ? [{ type: "procedure", ...effect }] : [];
    // 移交: the case leaves this side — closed as 转出 (outcome referred), never counted as resolved.
    if (input.handOver) {
      causes.push({
        type: "command",
        command: { type: "refer", reason: input.reason, to: to.name },
        actorId: actor.userId,
      });
    }
    const change = await transitionCase({ ctx, row, cause: causes, now });
    await saveCaseChanges(tx, [change], actor.userId, now);
    return id;
  });
}

/** 转入 from outside: a court, police station or petition office hands over a matter on paper. */
export async function receiveReferral(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TReferralIncoming;
  now: Date;
}) {
  const { ctx, actor, input, now } = o;
  const region = await regionForActor(ctx.db, actor, input.case.regionCode);
  authorize(actor, "referral.receive", { regionPath: region.path });
  const toUnitId = input.toUnitId ?? actor.unitId;
  if (!toUnitId) {
    throw new AppError(
      "INVALID_INPUT",
      { zh: "请选择接收单位", en: "Choose the receiving unit" },
      { field: "toUnitId" },
    );
  }
  const id = crypto.randomUUID();
  await createCase({
    ctx,
    actor,
    now,
    input: { ...input.case, channel: "referral" },
    within: async (tx, created) => {
      const [from, to] = await Promise.all([unitById(tx, input.fromUnitId), unitById(tx, toUnitId)]);
      if (!from || !to) throw new AppError("INVALID_INPUT", { zh: "单位不存在", en: "No such unit" });
      const docking = dockingOf(from.kind, to.kind);
      const decision = decideReferral(
        null,
        {
          type: "receive",
          fromUnitId: from.id,
          docking,
          purpose: input.purpose,
          externalRef: input.externalRef ?? null,
        },
        { now, id, fromUnitId: from.id, toUnitId: to.id, originCode: null },
      );
      await tx
        .insertInto("referrals")
        .values({
          id,
          origin_case_id: null,
          target_case_id: created.id,
          from_unit_id: from.id,
          to_unit_id: to.id,
          docking,
          purpose: input.purpose,
          reason: input.case.title,
          external_ref: input.externalRef ?? null,
          register: true,
          status: decision.state.status,
          ack_due_at: null,
          outcome: null,
          result_text: null,
          decline_reason: null,
          created_by: actor.userId,
          created_at: now,
          acknowledged_at: now,
          returned_at: null,
        })
        .execute();
      await applyReferralEffects({
        ctx,
        tx,
        effects: [{ caseId: created.id, effect: decision.target, row: created }],
        actorId: actor.userId,
        now,
      });
    },
  });
  return id;
}

/** The receiving side's case, made from the sender's: same matter and parties, channel `referral`. */
export function receivedCaseInput(
  ctx: AppContext,
  origin: CaseRow,
  regionCode: string,
  reason: string,
): TCaseCreate {
  type Stored = {
    role: string;
    name: string;
    note: string | null;
    phoneEnc: string | null;
    idEnc: string | null;
  };
  const parties = (origin.parties as Stored[]).map((p) => ({
    role: p.role as "applicant" | "respondent" | "other",
    name: p.name,
    ...(p.note ? { note: p.note } : {}),
    ...(p.phoneEnc ? { phone: ctx.pd.decrypt(p.phoneEnc) } : {}),
    ...(p.idEnc ? { idNumber: ctx.pd.decrypt(p.idEnc) } : {}),
  }));
  const phone = origin.reporter_phone_enc ? ctx.pd.decrypt(origin.reporter_phone_enc) : undefined;
  return {
    channel: "referral",
    category: origin.category as TCaseCreate["category"],
    services: origin.services as TCaseCreate["services"],
    title: `转入：${origin.title}`.slice(0, 200),
    description: `${origin.description}\n\n【转介说明】${reason}`.slice(0, 10_000),
    regionCode,
    parties,
    reporter: {
      ...(origin.reporter_name ? { name: origin.reporter_name } : {}),
      ...(phone ? { phone } : {}),
    },
    highRisk: origin.high_risk,
  };
}
