import { QUEUE_LEVELS } from "@fengqiao/core";
import { type ExpressionBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "../../db/database";
import type { Database } from "../../db/schema";
import { queryTokens } from "../../lib/search";
import type { SessionUser } from "../../plugins/auth";
import { summaryExtras, visibleTo } from "../cases/cases.repository";

export const OPEN_STATUSES = ["submitted", "accepted", "mediating", "paused"] as const;
const QUEUE_LIMIT = 100;

/** Level of a case's current step, read from its policy (ladders are data). */
const stepLevel = sql<string>`CASE WHEN cases.step > cases.step_count THEN 'beyond'
  ELSE (SELECT p.definition->'steps'->(cases.step - 1)->>'level' FROM policies p WHERE p.key = cases.policy_key) END`;

/** Open cases on the actor's own rung (leaders and admins oversee all of them). */
export function inQueueOf(actor: SessionUser) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    if (actor.roles.some((r) => r === "leader" || r === "admin")) return sql<SqlBool>`true`;
    const levels = [...new Set(actor.roles.flatMap((r) => QUEUE_LEVELS[r] ?? []))];
    const parts = levels.length ? [eb(stepLevel, "in", levels)] : [];
    if (actor.unitId && actor.roles.includes("department_handler")) {
      parts.push(eb("cases.assigned_unit_id", "=", actor.unitId));
    }
    return parts.length ? eb.or(parts) : sql<SqlBool>`false`;
  };
}

function openQueue(db: Db, actor: SessionUser) {
  return db
    .selectFrom("cases")
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where(inQueueOf(actor));
}

/** The workbench: counters over the actor's queue, and its first 100 cases by what runs out first. */
export async function workbench(db: Db, actor: SessionUser, now: Date) {
  const counts = await openQueue(db, actor)
    .select([
      sql<number>`count(*) FILTER (WHERE cases.status = 'submitted')::int`.as("new"),
      sql<number>`count(*) FILTER (WHERE cases.warning = 'yellow')::int`.as("dueSoon"),
      // A paused case's clock is stopped: its old due time says nothing about lateness.
      sql<number>`count(*) FILTER (WHERE cases.status <> 'paused' AND cases.step_due_at < ${now})::int`.as(
        "overdue",
      ),
      sql<number>`count(*) FILTER (WHERE EXISTS (
        SELECT 1 FROM case_events e WHERE e.case_id = cases.id AND e.type = 'case.escalated'
          AND (e.data->>'toStep')::int = cases.step))::int`.as("escalatedToMe"),
      sql<number>`count(*) FILTER (WHERE cases.warning = 'red')::int`.as("red"),
    ])
    .executeTakeFirstOrThrow();
  const queue = await openQueue(db, actor)
    .selectAll()
    .select(summaryExtras)
    // A paused case waits for its parties, not for the user: after every running case.
    .orderBy(sql`(cases.status = 'paused') ASC`)
    .orderBy(sql`cases.step_due_at ASC NULLS LAST`)
    .orderBy("cases.id")
    .limit(QUEUE_LIMIT)
    .execute();
  const red = await db
    .selectFrom("cases")
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where("cases.warning", "=", "red")
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return { counts, queue, redCount: red.n };
}

/** Earlier cases of one reporter, found by the phone's keyed hash (phones are never stored in clear). */
export async function casesByPhoneHash(db: Db, actor: SessionUser, phoneHash: string) {
  return db
    .selectFrom("cases")
    .selectAll()
    .where(visibleTo(actor))
    .where("reporter_phone_hash", "=", phoneHash)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}

// With any word of two or more characters, single characters (的, 了, 在 …) only add noise to an OR query.
function similarityTokens(text: string): string[] {
  const tokens = queryTokens(text);
  const words = tokens.filter((t) => [...t].length > 1);
  return (words.length ? words : tokens).slice(0, 30);
}

/** Open cases whose text shares words with `text`; the same region counts double. */
export async function similarCases(
  db: Db,
  actor: SessionUser,
  o: { text: string; regionCode?: string | undefined; excludeId?: string | undefined },
) {
  const tokens = similarityTokens(o.text);
  if (tokens.length === 0) return [];
  const query = sql`to_tsquery('simple', ${tokens.join(" | ")})`;
  const sameRegion = o.regionCode ? sql`(cases.region_code = ${o.regionCode})` : sql`false`;
  let q = db
    .selectFrom("cases")
    .selectAll()
    .select(
      sql<number>`ts_rank(cases.search, ${query}) * CASE WHEN ${sameRegion} THEN 2 ELSE 1 END`.as("score"),
    )
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where(sql<SqlBool>`cases.search @@ ${query}`);
  if (o.excludeId) q = q.where("cases.id", "<>", o.excludeId);
  return q.orderBy("score", "desc").orderBy("cases.created_at", "desc").limit(5).execute();
}
