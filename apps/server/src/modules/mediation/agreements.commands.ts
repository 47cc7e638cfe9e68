import {
  type Action,
  type AgreementState,
  AppError,
  type CaseStatus,
  lastPerformanceDate,
  localDate,
  notConfirmableReason,
  type Performance,
  recordFollowup,
  requireEditable,
  type Signature,
  type StatusMatter,
  signAgreement,
  statusMatterOf,
  type TAgreementInput,
  type TAgreementParty,
  type TAgreementTerm,
  type TFollowupInput,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Db, Tx } from "../../db/database";
import type { PersonalData } from "../../lib/personal-data";
import type { SessionUser } from "../../plugins/auth";
import {
  applyToCase,
  caseCalendar,
  caseForMediation,
  type MediationCase,
  mediationSettings,
} from "./mediation.store";

// 调解协议书: drafted from structured fields, edited until the first signature, signed party by party,
// followed up after the last performance date. ID numbers, phones and addresses are sealed at rest.

export interface StoredAgreementParty {
  role: TAgreementParty["role"];
  name: string;
  idEnc: string | null;
  phoneEnc: string | null;
  addressEnc: string | null;
}

export const sealParties = (pd: PersonalData, parties: TAgreementParty[]): StoredAgreementParty[] =>
  parties.map((p) => ({
    role: p.role,
    name: p.name,
    idEnc: p.idNumber ? pd.encrypt(p.idNumber.toUpperCase()) : null,
    phoneEnc: p.phone ? pd.encrypt(p.phone) : null,
    addressEnc: p.address ? pd.encrypt(p.address) : null,
  }));

export type AgreementRow = Awaited<ReturnType<typeof lockAgreement>>["agreement"];

/** The agreement and its case, locked, if the actor may do `action` on the case. */
export async function lockAgreement(
  db: Db | Tx,
  actor: SessionUser,
  id: string,
  action: Action,
  forUpdate = true,
) {
  const head = await db
    .selectFrom("mediation_agreements")
    .select("case_id")
    .where("id", "=", id)
    .executeTakeFirst();
  if (!head) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  const mc = await caseForMediation(db, actor, head.case_id, action, { forUpdate });
  let q = db.selectFrom("mediation_agreements").selectAll().where("id", "=", id);
  if (forUpdate) q = q.forUpdate();
  const agreement = await q.executeTakeFirstOrThrow();
  return { mc, agreement };
}

export const agreementState = (a: AgreementRow): AgreementState => ({
  id: a.id,
  status: a.status as AgreementState["status"],
  signatures: a.signatures as (Signature | null)[],
  effectiveAt: a.effective_at ? new Date(a.effective_at) : null,
  performance: a.performance as Performance | null,
});

function fields(pd: PersonalData, input: TAgreementInput, statusMatter: StatusMatter) {
  return {
    parties: JSON.stringify(sealParties(pd, input.parties)),
    facts: input.facts,
    dispute: input.dispute,
    responsibilities: input.responsibilities,
    terms: JSON.stringify(input.terms),
    status_matter: statusMatter,
    mediator_names: input.mediatorNames,
    last_performance_date: lastPerformanceDate(input.terms),
  };
}

const event = (type: string, now: Date, data: Record<string, unknown>) => ({
  type: "procedure" as const,
  events: [{ type, at: now, data }],
});

export async function createAgreement(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  input: TAgreementInput;
  now: Date;
}): Promise<string> {
  const { ctx, actor, input, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const { row, handing } = await caseForMediation(tx, actor, o.caseRef, "mediation.handle", {
      forUpdate: true,
    });
    if (!handing)
      throw new AppError("INVALID_TRANSITION", {
        zh: "请先将案件交调解室",
        en: "Hand the case to a room first",
      });
    const statusMatter = statusMatterOf(row.category, input.statusMatter);
    const seq = await sql<{ n: string }>`SELECT nextval('mediation_agreement_seq') AS n`.execute(tx);
    const number = `（${localDate(now).slice(0, 4)}）${handing.room_name}调字第${seq.rows[0]?.n}号`;
    const id = crypto.randomUUID();
    await tx
      .insertInto("mediation_agreements")
      .values({
        id,
        case_id: row.id,
        handing_id: handing.id,
        room_id: handing.room_id,
        number,
        ...fields(ctx.pd, input, statusMatter),
        organisation: handing.room_name,
        status: "draft",
        signatures: JSON.stringify(input.parties.map(() => null)),
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const cause = event("agreement.drafted", now, { agreementId: id, number });
    await applyToCase({ ctx, tx, row, causes: [cause], actorId: actor.userId, now });
    return id;
  });
}

function requireVersion(a: AgreementRow, version: number) {
  if (a.version !== version) throw new AppError("CONFLICT");
}

export async function updateAgreement(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  input: TAgreementInput;
  version: number;
  now: Date;
}): Promise<void> {
  const { ctx, actor, input, now } = o;
  await ctx.db.transaction().execute(async (tx) => {
    const { mc, agreement } = await lockAgreement(tx, actor, o.id, "mediation.handle");
    requireVersion(agreement, o.version);
    requireEditable(agreementState(agreement));
    const statusMatter = statusMatterOf(mc.row.category, input.statusMatter);
    await tx
      .updateTable("mediation_agreements")
      .set({
        ...fields(ctx.pd, input, statusMatter),
        signatures: JSON.stringify(input.parties.map(() => null)),
        version: agreement.version + 1,
        updated_at: now,
      })
      .where("id", "=", o.id)
      .execute();
    const cause = event("agreement.edited", now, { agreementId: o.id, number: agreement.number });
    await applyToCase({ ctx, tx, row: mc.row, causes: [cause], actorId: actor.userId, now });
  });
}

async function saveState(tx: Tx, a: AgreementRow, s: AgreementState, now: Date) {
  await tx
    .updateTable("mediation_agreements")
    .set({
      status: s.status,
      signatures: JSON.stringify(s.signatures),
      effective_at: s.effectiveAt,
      performance: s.performance,
      version: a.version + 1,
      updated_at: now,
    })
    .where("id", "=", a.id)
    .execute();
}

/** 签署: a party signs or refuses; the last signature puts the agreement in effect (core). */
export async function signAgreementCommand(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  party: number;
  signed: boolean;
  on: string;
  version: number;
  now: Date;
}): Promise<void> {
  const { ctx, actor, now } = o;
  await ctx.db.transaction().execute(async (tx) => {
    const { mc, agreement } = await lockAgreement(tx, actor, o.id, "mediation.handle");
    requireVersion(agreement, o.version);
    const parties = agreement.parties as StoredAgreementParty[];
    const r = signAgreement(agreementState(agreement), {
      party: o.party,
      signed: o.signed,
      on: o.on,
      partyName: parties[o.party]?.name ?? "",
      terms: agreement.terms as TAgreementTerm[],
      confirmable: notConfirmableReason(agreement.status_matter as StatusMatter) === null,
      handingId: agreement.handing_id,
      caseStatus: mc.row.status as CaseStatus,
      actorId: actor.userId,
      now,
      settings: await mediationSettings(tx),
      calendar: await caseCalendar(ctx, mc.row),
    });
    // The room keeps the case after the agreement: its follow-up and the 司法确认 are still its work.
    await saveState(tx, agreement, r.state, now);
    await applyToCase({ ctx, tx, row: mc.row, causes: r.causes, actorId: actor.userId, now });
  });
}

/** 履行回访: honoured, or not (reopen / refer to the court), in one transaction with the case. */
export async function followUpAgreement(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  input: TFollowupInput;
  now: Date;
}): Promise<void> {
  const { ctx, actor, now } = o;
  await ctx.db.transaction().execute(async (tx) => {
    const { mc, agreement } = await lockAgreement(tx, actor, o.id, "mediation.handle");
    const r = recordFollowup(agreementState(agreement), o.input, {
      caseStatus: mc.row.status as CaseStatus,
      actorId: actor.userId,
      now,
    });
    await saveState(tx, agreement, r.state, now);
    await applyToCase({ ctx, tx, row: mc.row, causes: r.causes, actorId: actor.userId, now });
  });
}

/**
 * The full particulars, for the printed and the Word agreement (the law needs them there) or for a
 * handler who must see them: every reveal is an event on the case's audit chain.
 */
export async function revealAgreement(o: {
  ctx: AppContext;
  actor: SessionUser;
  id: string;
  purpose: "print" | "docx" | "view";
  now: Date;
}): Promise<{ agreement: AgreementRow; mc: MediationCase }> {
  const { ctx, actor, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const { mc, agreement } = await lockAgreement(tx, actor, o.id, "mediation.handle");
    const cause = {
      type: "recorded" as const,
      event: "agreement.revealed",
      data: { agreementId: o.id, number: agreement.number, purpose: o.purpose, by: actor.username },
    };
    await applyToCase({ ctx, tx, row: mc.row, causes: [cause], actorId: actor.userId, now });
    return { agreement, mc };
  });
}
