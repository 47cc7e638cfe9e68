import type { TCaseListQuery } from "@fengqiao/core";
import { OPEN_STATUSES, QUEUE_LEVELS } from "@fengqiao/core";
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from "kysely";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../plugins/auth";
import { postWaiting } from "../tourism/tour-answer";
import { policeQueue } from "../village-police/officers";

export { OPEN_STATUSES };

/**
 * The case's current step is at one of `levels` (its policy's ladder is data; past the last rung is
 * "beyond"). The rungs at those levels are listed once per query, an uncorrelated subquery PostgreSQL
 * hashes, instead of a policy lookup per case: with a county's million open cases that lookup made
 * the workbench take seconds (README Performance, 11).
 */
function stepAt(levels: string[]) {
  const rungs = levels.filter((l) => l !== "beyond");
  const parts: RawBuilder<SqlBool>[] = [];
  if (rungs.length) {
    parts.push(sql<SqlBool>`(cases.step <= cases.step_count AND (cases.policy_key, cases.step) IN (
      SELECT p.key, s.n::int FROM policies p, jsonb_array_elements(p.definition->'steps') WITH ORDINALITY s(step, n)
      WHERE s.step->>'level' IN (${sql.join(rungs)})))`);
  }
  if (levels.includes("beyond")) parts.push(sql<SqlBool>`cases.step > cases.step_count`);
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** 码上反映: somebody owes the citizen a call (core's transition keeps the case's callback fields). */
export const callbackDue = sql<SqlBool>`(cases.callback_due_at IS NOT NULL)`;

/** The callback ran out and nobody has called back since. */
export const callbackMissed = sql<SqlBool>`cases.callback_missed`;

/** The case was escalated onto the step it stands on now. */
export const escalatedHere = sql<SqlBool>`EXISTS (SELECT 1 FROM case_events e
  WHERE e.case_id = cases.id AND e.type = 'case.escalated' AND (e.data->>'toStep')::int = cases.step)`;

/** The step clock ran out; a paused case's clock is stopped, its old due time says nothing. */
export const overdueAt = (now: Date) =>
  sql<SqlBool>`(cases.status <> 'paused' AND cases.step_due_at < ${now})`;

/**
 * Open cases on the actor's own rung (leaders and admins oversee all of them). A 码上反映 callback
 * is owed by the village cadres whatever the ladder step (the case starts at the grid), and once it
 * is missed the township center answers for it too: both see it in their queue until somebody calls.
 */
export function inQueueOf(actor: SessionUser) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    if (actor.roles.some((r) => r === "leader" || r === "admin")) return sql<SqlBool>`true`;
    const levels = [...new Set(actor.roles.flatMap((r) => QUEUE_LEVELS[r] ?? []))];
    const parts: Expression<SqlBool>[] = levels.length ? [stepAt(levels)] : [];
    if (actor.unitId && actor.roles.includes("department_handler")) {
      parts.push(eb("cases.assigned_unit_id", "=", actor.unitId));
    }
    if (actor.roles.includes("police")) parts.push(policeQueue(actor)(eb)); // 有事找警察
    if (actor.unitId) parts.push(postWaiting(actor.unitId)); // 旅游警务室: tourists waiting for an answer
    if (actor.roles.includes("village_cadre")) parts.push(eb.or([callbackDue, callbackMissed]));
    else if (actor.roles.includes("center_staff")) parts.push(callbackMissed);
    return parts.length ? eb.or(parts) : sql<SqlBool>`false`;
  };
}

/** The list filters that reproduce each workbench figure (`queue=mine`, `overdue=1` …). */
export function workbenchFilters(actor: SessionUser, q: TCaseListQuery, now: Date) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    const parts: Expression<SqlBool>[] = [];
    if (q.queue === "mine") {
      parts.push(eb("cases.status", "in", OPEN_STATUSES), inQueueOf(actor)(eb));
    }
    if (q.overdue) parts.push(overdueAt(now));
    if (q.escalated) parts.push(escalatedHere);
    if (q.callback === "due") parts.push(callbackDue);
    if (q.callback === "missed") parts.push(callbackMissed);
    return parts.length ? eb.and(parts) : sql<SqlBool>`true`;
  };
}
