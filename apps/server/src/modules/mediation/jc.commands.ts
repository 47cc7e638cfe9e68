import {
  AppError,
  applyForConfirmation,
  decideAcceptance,
  extendRuling,
  type JcState,
  type JcStatus,
  ruleOnConfirmation,
  type StatusMatter,
  type TJcAcceptance,
  type TJcRuling,
} from "@fengqiao/core";
import type { Selectable } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { JudicialConfirmationsTable } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { lockAgreement } from "./agreements.commands";
import { applyToCase, caseCalendar, caseForMediation, mediationSettings } from "./mediation.store";

// 司法确认: the application is recorded by the case's handlers (the parties came to the center); the
// court's decisions by the court's clerk or the center on the court's word. Core decides the rules.

type JcRow = Selectable<JudicialConfirmationsTable>;

const jcState = (r: JcRow): JcState => ({
  id: r.id,
  status: r.status as JcStatus,
  appliedAt: new Date(r.applied_at),
  acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
  extended: r.extended,
  ruleDueAt: r.rule_due_at ? new Date(r.rule_due_at) : null,
});

export async function applyJc(o: {
  ctx: AppContext;
  actor: SessionUser;
  agreementId: string;
  courtUnitId: string;
  note: string;
  now: Date;
}): Promise<string> {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const { mc, agreement } = await lockAgreement(tx, actor, o.agreementId, "mediation.handle");
    const court = await tx
      .selectFrom("units")
      .select(["id", "name", "kind"])
      .where("id", "=", o.courtUnitId)
      .executeTakeFirst();
    if (court?.kind !== "court")
      throw new AppError(
        "INVALID_INPUT",
        { zh: "请选择人民法院（法庭）", en: "Choose a court" },
        { field: "courtUnitId" },
      );
    const open = await tx
      .selectFrom("judicial_confirmations")
      .select("id")
      .where("agreement_id", "=", agreement.id)
      .where("status", "in", ["applied", "accepted"])
      .executeTakeFirst();
    const id = crypto.randomUUID();
    const r = applyForConfirmation({
      id,
      agreement: {
        id: agreement.id,
        status: agreement.status,
        effectiveAt: agreement.effective_at ? new Date(agreement.effective_at) : null,
        statusMatter: agreement.status_matter as StatusMatter,
      },
      court: court.name,
      hasOpenApplication: open !== undefined,
      now,
      settings: await mediationSettings(tx),
      calendar: await caseCalendar(ctx, mc.row),
    });
    const accept = r.cause.clockOps?.find((c) => c.op === "start");
    await tx
      .insertInto("judicial_confirmations")
      .values({
        id,
        case_id: mc.row.id,
        agreement_id: agreement.id,
        court_unit_id: court.id,
        status: r.state.status,
        applied_at: now,
        accept_due_at: accept?.op === "start" ? accept.clock.dueAt : now,
        note: o.note || null,
      })
      .execute();
    await applyToCase({ ctx, tx, row: mc.row, causes: [r.cause], actorId: actor.userId, now });
    return id;
  });
}

/** The application and its case, locked, if the actor may record the court's decisions on it. */
async function lockJc(tx: Tx, actor: SessionUser, id: string) {
  const jc = await tx
    .selectFrom("judicial_confirmations")
    .selectAll()
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!jc) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  const mc = await caseForMediation(tx, actor, jc.case_id, "jc.decide", {
    forUpdate: true,
    courtUnitId: jc.court_unit_id,
  });
  return { jc, mc };
}

type Decision =
  | { kind: "acceptance"; input: TJcAcceptance }
  | { kind: "extension"; reason: string }
  | { kind: "ruling"; input: TJcRuling };

/** 受理 / 延长 / 裁定: one command, one transaction with the case's event and clocks. */
export async function decideJc(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  decision: Decision;
  now: Date;
}): Promise<void> {
  const { ctx, actor, now, decision: d } = o;
  await ctx.db.transaction().execute(async (tx) => {
    const { jc, mc } = await lockJc(tx, actor, o.id);
    const c = { now, settings: await mediationSettings(tx), calendar: await caseCalendar(ctx, mc.row) };
    const state = jcState(jc);
    const r =
      d.kind === "acceptance"
        ? decideAcceptance(state, d.input, c)
        : d.kind === "extension"
          ? extendRuling(state, d.reason, c)
          : ruleOnConfirmation(state, d.input, c);
    const reason = d.kind === "extension" ? d.reason : "reason" in d.input ? d.input.reason : jc.reason;
    await tx
      .updateTable("judicial_confirmations")
      .set({
        status: r.state.status,
        accepted_at: r.state.acceptedAt,
        rule_due_at: r.state.ruleDueAt,
        extended: r.state.extended,
        decided_at: d.kind === "extension" ? jc.decided_at : now,
        reason,
        next: d.kind === "ruling" && !d.input.confirmed ? d.input.next : jc.next,
      })
      .where("id", "=", jc.id)
      .execute();
    await applyToCase({ ctx, tx, row: mc.row, causes: [r.cause], actorId: actor.userId, now });
  });
}
