import {
  AppError,
  allowedCommands,
  authorize,
  type CaseCause,
  type CaseEvent,
  decidePetition,
  inSubtree,
  matterKey,
  newPetition,
  type PetitionCommand,
  type PetitionStage,
  petitionConcludedError,
  petitionDeadline,
  repeatVerdict,
  type TCaseCreate,
  type TPetitionCommandBody,
  type TPetitionRegister,
  XINFANG,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow, PetitionRow } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { changeCase, policyOrThrow, transitionCase } from "../cases/case-change";
import { saveCaseChanges, stateOf } from "../cases/case-store";
import { createCase } from "../cases/cases.commands";
import { caseResource, findCaseForActor } from "../cases/cases.repository";
import { LETTER_TITLES, letterText } from "./petitions.letters";
import { petitionState, rulesOf, savePetitionState } from "./petitions.repository";

// 信访 at the window and after: every step locks the case, then the petition, asks core's
// decidePetition, keeps the letter it sends, and saves the case change (the case's own command and the
// petition's events and clocks, cause `procedure`) and the petition in one transaction.

// The case's door for each 信访形式 (the petition keeps the exact one).
const CASE_CHANNEL = { letter: "walk_in", visit: "walk_in", online: "online", phone: "hotline" } as const;

const idHash = (ctx: AppContext, id: string | undefined) =>
  id ? ctx.pd.lookupHash(`id:${id.toUpperCase()}`) : null;

/** 来信来访登记: refuses a matter concluded after 复核, links a repeat, starts the 15-day clock. */
export async function registerPetition(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: TPetitionRegister;
  now: Date;
}): Promise<{ petitionId: string; caseRow: CaseRow }> {
  const { ctx, actor, input, now } = o;
  const region = await ctx.db
    .selectFrom("regions")
    .select("path")
    .where("code", "=", input.regionCode)
    .executeTakeFirst();
  if (!region || !inSubtree(region.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  authorize(actor, "petition.register", { regionPath: region.path });
  const policy = await policyOrThrow(ctx, XINFANG.key);
  const rules = rulesOf(policy);
  const key = matterKey(input.matter);
  const phoneHash = input.petitioner.phone ? ctx.pd.lookupHash(input.petitioner.phone) : null;
  const personIdHash = idHash(ctx, input.petitioner.idNumber);
  const earlier = await sql<{
    code: string;
    stage: string;
    created_at: Date;
    same_person: boolean;
    same_matter: boolean;
    same_category: boolean;
  }>`
    SELECT c.code, p.stage, p.created_at,
      (p.person_phone_hash = ${phoneHash} OR p.person_id_hash = ${personIdHash}) IS TRUE AS same_person,
      p.matter_key = ${key} AS same_matter, p.category = ${input.category} AS same_category
    FROM petitions p JOIN cases c ON c.id = p.case_id
    WHERE p.matter_key = ${key} OR p.person_phone_hash = ${phoneHash} OR p.person_id_hash = ${personIdHash}
    ORDER BY p.created_at DESC LIMIT 50`.execute(ctx.db);
  const verdict = repeatVerdict(
    earlier.rows.map((e) => ({
      caseCode: e.code,
      stage: e.stage as PetitionStage,
      createdAt: e.created_at,
      samePerson: e.same_person,
      sameMatter: e.same_matter,
      sameCategory: e.same_category,
    })),
    now,
    rules.repeatWindowDays,
  );
  if (verdict.kind === "concluded") throw petitionConcludedError(verdict.earlierCode);
  const petitionId = crypto.randomUUID();
  const calendar = await ctx.rules.calendar(policy);
  const first = newPetition({ rules, calendar, now, subjectId: petitionId }, input.petitioners);
  const caseInput: TCaseCreate = {
    channel: CASE_CHANNEL[input.channel],
    category: input.category,
    services: ["petition"],
    title: input.title,
    description: input.description,
    regionCode: input.regionCode,
    policyKey: XINFANG.key,
    parties: [{ role: "applicant", ...input.petitioner }],
    reporter: { name: input.petitioner.name, phone: input.petitioner.phone },
    highRisk: first.highRisk,
  };
  const repeatOf = verdict.kind === "repeat" ? verdict.earlierCode : null;
  const caseRow = await createCase({
    ctx,
    actor,
    input: caseInput,
    now,
    within: async (tx, row) => {
      await tx
        .insertInto("petitions")
        .values({
          id: petitionId,
          case_id: row.id,
          kind: input.kind,
          channel: input.channel,
          petitioners: input.petitioners,
          is_group: first.group,
          matter: input.matter,
          matter_key: key,
          category: input.category,
          person_phone_hash: phoneHash,
          person_id_hash: personIdHash,
          repeat_of_code: repeatOf,
          stage: first.state.stage,
          stage_started_at: now,
          due_at: first.state.dueAt,
          basis: first.state.basis,
          extended: [],
          overdue: false,
          handling_unit_id: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      const events: CaseEvent[] = [...first.events];
      if (repeatOf) events.push({ type: "petition.repeat", at: now, data: { earlierCode: repeatOf } });
      await changeCase({
        ctx,
        tx,
        row,
        now,
        actorId: actor.userId,
        cause: {
          type: "procedure",
          events,
          clockOps: first.clockOps,
          deadline: petitionDeadline(first.state, rules),
        },
      });
    },
  });
  return { petitionId, caseRow };
}

function toCommand(body: TPetitionCommandBody, unitName: string | null): PetitionCommand {
  const { version: _v, ...c } = body;
  return c.type === "route" ? { ...c, unitName: unitName ?? "" } : c;
}

/** One petition step by staff: accept, 不予受理, 转送, extend, reply, 复查 and 复核. */
export async function runPetitionCommand(o: {
  ctx: AppContext;
  actor: SessionUser;
  petitionId: string;
  body: TPetitionCommandBody;
  now: Date;
}): Promise<string> {
  const { ctx, actor, body, now } = o;
  return ctx.db.transaction().execute(async (tx) => {
    const found = await tx
      .selectFrom("petitions")
      .select("case_id")
      .where("id", "=", o.petitionId)
      .executeTakeFirst();
    if (!found) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    // Lock order everywhere: the case, then its petition (the sweep does the same).
    const row = await findCaseForActor(tx, actor, found.case_id, { forUpdate: true });
    const policy = await policyOrThrow(ctx, row.policy_key);
    authorize(actor, "petition.handle", caseResource(row, policy));
    if (row.version !== body.version) throw new AppError("CONFLICT");
    const p = await tx
      .selectFrom("petitions")
      .selectAll()
      .where("id", "=", o.petitionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const unitName = body.type === "route" ? await unitNameOf(tx, body.unitId) : null;
    const command = toCommand(body, unitName);
    const calendar = await ctx.rules.calendar(policy);
    const d = decidePetition(petitionState(p), command, {
      rules: rulesOf(policy),
      calendar,
      now,
      subjectId: p.id,
    });
    const events = [...d.events];
    if (d.letter) {
      const letter = await keepLetter(tx, { row, p, kind: d.letter, command, next: d.state, now, actor });
      events.push({ type: "petition.letter_sent", at: now, data: letter });
    }
    const causes: CaseCause[] = [];
    // 受理 by the petition: a case somebody already accepted by hand needs no second acceptance.
    const skip = d.caseCommand?.type === "accept" && !allowedCommands(stateOf(row)).includes("accept");
    if (d.caseCommand && !skip)
      causes.push({ type: "command", command: d.caseCommand, actorId: actor.userId });
    causes.push({
      type: "procedure",
      events,
      clockOps: d.clockOps,
      notices: d.notices,
      red: d.red,
      deadline: petitionDeadline(d.state, rulesOf(policy)),
    });
    const change = await transitionCase({ ctx, row, cause: causes, now, policy });
    await saveCaseChanges(tx, [change], actor.userId, now);
    await savePetitionState(
      tx,
      p.id,
      d.state,
      now,
      body.type === "route" ? { handling_unit_id: body.unitId } : {},
    );
    return p.id;
  });
}

async function unitNameOf(tx: Tx, unitId: string): Promise<string> {
  const unit = await tx.selectFrom("units").select("name").where("id", "=", unitId).executeTakeFirst();
  if (!unit)
    throw new AppError("INVALID_INPUT", { zh: "单位不存在", en: "No such unit" }, { field: "unitId" });
  return unit.name;
}

/** Renders the letter this step sends and keeps it: what was sent stays what was sent. */
async function keepLetter(
  tx: Tx,
  o: {
    row: CaseRow & { region_names: string[] | null };
    p: PetitionRow;
    kind: NonNullable<ReturnType<typeof decidePetition>["letter"]>;
    command: PetitionCommand;
    next: ReturnType<typeof decidePetition>["state"];
    now: Date;
    actor: SessionUser;
  },
) {
  const parties = (o.row.parties as { name?: string }[] | null) ?? [];
  const office = `${o.row.region_names?.[0] ?? ""}信访工作机构`;
  const title = LETTER_TITLES[o.kind];
  const body = letterText(
    o.kind,
    {
      caseCode: o.row.code,
      petitionerName: parties[0]?.name ?? o.row.reporter_name ?? "信访人",
      channel: o.p.channel,
      receivedAt: o.p.created_at,
      matter: o.p.matter,
      office,
      now: o.now,
    },
    o.command,
    o.next,
  ).join("\n");
  const inserted = await tx
    .insertInto("petition_letters")
    .values({
      petition_id: o.p.id,
      case_id: o.row.id,
      kind: o.kind,
      title,
      body,
      sent_at: o.now,
      created_by: o.actor.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { letterId: inserted.id, kind: o.kind, title };
}
