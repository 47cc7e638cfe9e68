import { AppError, andThen, type CaseCause, caseTransition, type TPolicy } from "@fengqiao/core";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { type CaseChange, caseInput, saveCaseChanges } from "./case-store";

// How the server changes a case, whatever the cause: lock (the caller's SELECT … FOR UPDATE) →
// core's caseTransition → save. The rules — statuses, clocks, warnings, notices — are all in core.

export async function policyOrThrow(ctx: AppContext, key: string): Promise<TPolicy> {
  const policy = await ctx.rules.policy(key);
  if (!policy)
    throw new AppError("INVALID_INPUT", { zh: `未知的流程规则：${key}`, en: `Unknown policy: ${key}` });
  return policy;
}

/**
 * What `cause` (or several causes, one after the other) does to a locked case row; `policy` null only
 * where a deleted policy must not wedge a sweep.
 */
export async function transitionCase(o: {
  ctx: AppContext;
  row: CaseRow;
  cause: CaseCause | CaseCause[];
  now: Date;
  policy?: TPolicy | null;
}): Promise<CaseChange> {
  const policy = o.policy === undefined ? await policyOrThrow(o.ctx, o.row.policy_key) : o.policy;
  const calendar = policy ? await o.ctx.rules.calendar(policy) : { counting: "calendar" as const };
  const [first, ...rest] = Array.isArray(o.cause) ? o.cause : [o.cause];
  if (!first) throw new Error("transitionCase needs a cause");
  const input = caseInput(o.row);
  let next = caseTransition({ ...input, cause: first, policy, calendar, now: o.now });
  for (const cause of rest) next = andThen(next, { ref: input.ref, cause, policy, calendar, now: o.now });
  return { before: o.row, next };
}

/** One change to one locked case, saved in the caller's transaction with its events, clocks and notices. */
export async function changeCase(o: {
  ctx: AppContext;
  tx: Tx;
  row: CaseRow;
  cause: CaseCause | CaseCause[];
  now: Date;
  actorId: string | null;
}): Promise<CaseChange> {
  const change = await transitionCase(o);
  await saveCaseChanges(o.tx, [change], o.actorId, o.now);
  return change;
}
