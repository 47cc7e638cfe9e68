import {
  DEFAULT_PETITION_RULES,
  type PetitionStage,
  type PetitionState,
  type TPetitionRules,
  type TPolicy,
} from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";
import type { PetitionRow } from "../../db/schema";

/** The petition rules of a case's policy (the xinfang policy's `petition` section), defaults otherwise. */
export const rulesOf = (policy: TPolicy | null): TPetitionRules => policy?.petition ?? DEFAULT_PETITION_RULES;

/** The stored record as core's state. */
export function petitionState(p: PetitionRow): PetitionState {
  return {
    stage: p.stage as PetitionStage,
    stageStartedAt: p.stage_started_at,
    dueAt: p.due_at,
    basis: p.basis,
    extended: p.extended as PetitionStage[],
    overdue: p.overdue,
  };
}

/** Core's state back into the record's columns. */
export function stateColumns(s: PetitionState, now: Date) {
  return {
    stage: s.stage,
    stage_started_at: s.stageStartedAt,
    due_at: s.dueAt,
    basis: s.basis,
    extended: s.extended,
    overdue: s.overdue,
    updated_at: now,
  };
}

export async function savePetitionState(tx: Tx, id: string, s: PetitionState, now: Date, extra = {}) {
  await tx
    .updateTable("petitions")
    .set({ ...stateColumns(s, now), ...extra })
    .where("id", "=", id)
    .execute();
}

export async function lettersOf(db: Db | Tx, petitionId: string) {
  return db
    .selectFrom("petition_letters")
    .select(["id", "kind", "title", "sent_at"])
    .where("petition_id", "=", petitionId)
    .orderBy("sent_at")
    .orderBy("id")
    .execute();
}
