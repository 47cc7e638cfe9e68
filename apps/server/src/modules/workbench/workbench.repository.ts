import { type SqlBool, sql } from "kysely";
import type { Db } from "../../db/database";
import { queryTokens } from "../../lib/search";
import type { SessionUser } from "../../plugins/auth";
import { visibleTo } from "../cases/cases.repository";
import {
  callbackDue,
  callbackMissed,
  escalatedHere,
  inQueueOf,
  OPEN_STATUSES,
  overdueAt,
} from "./workbench.filters";

export { inQueueOf, OPEN_STATUSES };

const QUEUE_LIMIT = 100;

function openQueue(db: Db, actor: SessionUser) {
  return db
    .selectFrom("cases")
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where(inQueueOf(actor));
}

/** The running callback clock's due time, for the countdown in the queue. */
const callbackDueAt = sql<Date | null>`(SELECT min(k.due_at) FROM clocks k
  WHERE k.case_id = cases.id AND k.kind = 'callback' AND k.stopped_at IS NULL)`;

/**
 * The workbench: counters over the actor's queue, and its first 100 cases by what runs out first.
 * Each counter is reproduced by a case-list filter (see workbenchFilters), so its link opens exactly
 * the cases it counts; `redCount` is the whole jurisdiction's open red cases, not only the queue.
 */
export async function workbench(db: Db, actor: SessionUser, now: Date) {
  const counts = await openQueue(db, actor)
    .select([
      sql<number>`count(*) FILTER (WHERE cases.status = 'submitted')::int`.as("new"),
      sql<number>`count(*) FILTER (WHERE cases.warning = 'yellow')::int`.as("dueSoon"),
      sql<number>`count(*) FILTER (WHERE ${overdueAt(now)})::int`.as("overdue"),
      sql<number>`count(*) FILTER (WHERE ${escalatedHere})::int`.as("escalatedToMe"),
      sql<number>`count(*) FILTER (WHERE cases.warning = 'red')::int`.as("red"),
      sql<number>`count(*) FILTER (WHERE ${callbackDue})::int`.as("callbackDue"),
      sql<number>`count(*) FILTER (WHERE ${callbackMissed})::int`.as("callbackMissed"),
    ])
    .executeTakeFirstOrThrow();
  // A callback runs out in minutes: cases still owed one come first, then what runs out first.
  const queue = await openQueue(db, actor)
    .selectAll()
    .select([callbackDueAt.as("callback_due_at"), sql<SqlBool>`${callbackMissed}`.as("callback_missed")])
    .orderBy(sql`coalesce(${callbackDueAt}, cases.step_due_at) ASC NULLS LAST`)
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
