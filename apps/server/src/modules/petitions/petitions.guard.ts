import { AppError, type CaseCommandType, PETITION_OWNED_COMMANDS } from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";

// A case with a petition is accepted, answered and reopened through the petition's steps (their
// statutory clocks and letters); the generic case commands for those are refused and not offered.

const owned = (type: string) => (PETITION_OWNED_COMMANDS as readonly string[]).includes(type);

export async function hasPetition(db: Db | Tx, caseId: string): Promise<boolean> {
  const p = await db.selectFrom("petitions").select("id").where("case_id", "=", caseId).executeTakeFirst();
  return p !== undefined;
}

/** Refuses a generic command the petition drives (409, saying where to act instead). */
export async function refusePetitionOwned(db: Db | Tx, caseId: string, type: CaseCommandType) {
  if (!owned(type) || !(await hasPetition(db, caseId))) return;
  throw new AppError(
    "INVALID_TRANSITION",
    { zh: "信访事项请在“信访办理”中受理、答复或复查", en: "Use the petition's steps for this case" },
    { command: type },
  );
}

/** The case actions offered beside the petition panel: without the ones the petition drives. */
export async function withoutPetitionOwned<T extends string>(
  db: Db | Tx,
  caseId: string,
  actions: T[],
): Promise<T[]> {
  return (await hasPetition(db, caseId)) ? actions.filter((a) => !owned(a)) : actions;
}
