import {
  type Actor,
  can,
  PETITION_TRANSITIONS,
  type PetitionCommandType,
  type PetitionStage,
  policyStep,
  type TPetitionView,
  type TPolicy,
} from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import { maskName, maskPhone, type PersonalData } from "../../lib/personal-data";
import type { SessionUser } from "../../plugins/auth";
import { visibleTo } from "../cases/cases.repository";
import { lettersOf } from "./petitions.repository";

// What leaves the server about a petition: its stage, deadline and basis, masked petitioner, letters.

const PETITION_COLUMNS = [
  "petitions.id",
  "petitions.case_id",
  "petitions.kind",
  "petitions.channel",
  "petitions.petitioners",
  "petitions.is_group",
  "petitions.matter",
  "petitions.stage",
  "petitions.stage_started_at",
  "petitions.due_at",
  "petitions.basis",
  "petitions.extended",
  "petitions.overdue",
  "petitions.repeat_of_code",
  "petitions.created_at",
] as const;

/** Petitions of cases the actor may see; by id, or a page ordered by what runs out first. */
export function petitionQuery(db: Db | Tx, actor: SessionUser) {
  return db
    .selectFrom("petitions")
    .innerJoin("cases", "cases.id", "petitions.case_id")
    .leftJoin("units", "units.id", "petitions.handling_unit_id")
    .select(PETITION_COLUMNS)
    .select([
      "cases.code",
      "cases.title",
      "cases.version",
      "cases.warning",
      "cases.reporter_name",
      "cases.reporter_phone_enc",
      "cases.region_path",
      "cases.assigned_unit_id",
      "cases.step",
      "cases.policy_key",
      "units.name as unit_name",
    ])
    .where(visibleTo(actor));
}
export type PetitionListRow = Awaited<
  ReturnType<ReturnType<typeof petitionQuery>["executeTakeFirstOrThrow"]>
>;

export function presentPetitionSummary(
  r: PetitionListRow,
  pd: PersonalData,
): Omit<TPetitionView, "letters" | "allowedActions"> {
  return {
    id: r.id,
    caseId: r.case_id,
    caseCode: r.code,
    caseTitle: r.title,
    caseVersion: r.version,
    warning: r.warning,
    kind: r.kind as TPetitionView["kind"],
    channel: r.channel as TPetitionView["channel"],
    petitioners: r.petitioners,
    group: r.is_group,
    matter: r.matter,
    petitionerName: maskName(r.reporter_name),
    petitionerPhone: r.reporter_phone_enc ? maskPhone(pd.decrypt(r.reporter_phone_enc)) : null,
    stage: r.stage as TPetitionView["stage"],
    stageStartedAt: r.stage_started_at.toISOString(),
    dueAt: r.due_at?.toISOString() ?? null,
    basis: r.basis,
    extended: r.extended,
    overdue: r.overdue,
    repeatOfCode: r.repeat_of_code,
    handlingUnitName: r.unit_name,
    createdAt: r.created_at.toISOString(),
  };
}

/** The steps this actor may take now: the stage's commands, if the actor handles petitions here. */
export function petitionActions(
  actor: Actor,
  r: PetitionListRow,
  policy: TPolicy | null,
): PetitionCommandType[] {
  if (!policy) return [];
  const resource = {
    regionPath: r.region_path,
    assignedUnitId: r.assigned_unit_id,
    step: r.step,
    stepLevel: policyStep(policy, r.step)?.level ?? null,
  };
  if (!can(actor, "petition.handle", resource)) return [];
  const stage = r.stage as PetitionStage;
  const commands = Object.keys(PETITION_TRANSITIONS[stage] ?? {}) as PetitionCommandType[];
  return commands.filter((c) => c !== "extend" || !(r.extended.includes(stage) || r.overdue));
}

export async function presentPetition(
  db: Db | Tx,
  actor: SessionUser,
  r: PetitionListRow,
  policy: TPolicy | null,
  pd: PersonalData,
): Promise<TPetitionView> {
  const letters = await lettersOf(db, r.id);
  return {
    ...presentPetitionSummary(r, pd),
    allowedActions: petitionActions(actor, r, policy),
    letters: letters.map((l) => ({
      id: l.id,
      kind: l.kind,
      title: l.title,
      sentAt: l.sent_at.toISOString(),
    })),
  };
}
