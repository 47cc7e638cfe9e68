import { type RawBuilder, type SqlBool, sql } from "kysely";
import type { Db } from "../../db/database";
import { queryTokens } from "../../lib/search";
import type { SessionUser } from "../../plugins/auth";
import { summaryColumns, summaryExtras, visibleRange, visibleTo } from "../cases/cases.repository";
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

/** The jurisdiction's open cases, found by a range of the open cases' index (migration 0022). */
function openCases(db: Db, actor: SessionUser) {
  const q = db.selectFrom("cases").where(visibleTo(actor)).where("cases.status", "in", OPEN_STATUSES);
  const range = visibleRange(actor);
  return range ? q.where(range) : q;
}

const openQueue = (db: Db, actor: SessionUser) => openCases(db, actor).where(inQueueOf(actor));

// A callback runs out in minutes: the few cases still owed one come first, then the queue by what runs
// out first; a paused case waits for its parties, not for the user: after every running case.
const OWED_ORDER = [sql`cases.callback_due_at ASC NULLS FIRST`, sql`cases.id`];
const DUE_ORDER = [sql`(cases.status = 'paused') ASC`, sql`cases.step_due_at ASC NULLS LAST`, sql`cases.id`];

/**
 * The first cases of the actor's queue in `order`. They are picked by key from the open cases'
 * covering index (cases_open_due_idx holds every column the queue, jurisdiction and order read: an
 * index-only scan), and only those rows are then read whole: a county's open cases lie on tens of
 * thousands of heap pages, which the workbench read four times before (README Performance, 11).
 */
async function firstOfQueue(db: Db, actor: SessionUser, order: RawBuilder<unknown>[], owed: boolean) {
  let pick = openQueue(db, actor).select("cases.id");
  if (owed) pick = pick.where(sql<SqlBool>`(${callbackDue} OR ${callbackMissed})`);
  for (const o of order) pick = pick.orderBy(o);
  let rows = db
    .selectFrom("cases")
    .select(summaryColumns)
    .select(summaryExtras)
    .where("cases.id", "in", pick.limit(QUEUE_LIMIT));
  for (const o of order) rows = rows.orderBy(o);
  return rows.execute();
}

/**
 * The workbench: counters over the actor's queue, and its first 100 cases by what runs out first.
 * Each counter is reproduced by a case-list filter (see workbenchFilters), so its link opens exactly
 * the cases it counts; `redCount` is the whole jurisdiction's open red cases, not only the queue.
 * The counters and `redCount` come from one pass over the jurisdiction's open cases, the queue test
 * made once per case (it may probe other tables) in a sub-query named like the table, so the
 * filters' own SQL reads its columns.
 */
export async function workbench(db: Db, actor: SessionUser, now: Date) {
  const open = openCases(db, actor)
    .select((eb) => [
      "cases.id",
      "cases.status",
      "cases.step",
      "cases.warning",
      "cases.step_due_at",
      "cases.callback_due_at",
      "cases.callback_missed",
      sql<boolean>`${inQueueOf(actor)(eb)}`.as("in_queue"),
    ])
    // Not merged into the outer query, which would repeat the queue test in every counter.
    .offset(0)
    .as("cases");
  const c = await db
    .selectFrom(open)
    .select([
      sql<number>`count(*) FILTER (WHERE in_queue AND cases.status = 'submitted')::int`.as("new"),
      sql<number>`count(*) FILTER (WHERE in_queue AND cases.warning = 'yellow')::int`.as("dueSoon"),
      sql<number>`count(*) FILTER (WHERE in_queue AND ${overdueAt(now)})::int`.as("overdue"),
      sql<number>`count(*) FILTER (WHERE in_queue AND ${escalatedHere})::int`.as("escalatedToMe"),
      sql<number>`count(*) FILTER (WHERE in_queue AND cases.warning = 'red')::int`.as("red"),
      sql<number>`count(*) FILTER (WHERE in_queue AND ${callbackDue})::int`.as("callbackDue"),
      sql<number>`count(*) FILTER (WHERE in_queue AND ${callbackMissed})::int`.as("callbackMissed"),
      sql<number>`count(*) FILTER (WHERE cases.warning = 'red')::int`.as("redCount"),
    ])
    .executeTakeFirstOrThrow();
  const { redCount, ...counts } = c;
  const owed = await firstOfQueue(db, actor, OWED_ORDER, true);
  const rest = await firstOfQueue(db, actor, DUE_ORDER, false);
  const first = new Set(owed.map((r) => r.id));
  const queue = [...owed, ...rest.filter((r) => !first.has(r.id))].slice(0, QUEUE_LIMIT);
  return { counts, queue, redCount };
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

// Words every dispute shares: matching on them finds "similar" cases that are not.
const GENERIC = new Set(
  "纠纷 问题 反映 要求 情况 群众 村民 居民 处理 协调 调解 解决 影响 导致 发生 造成 已经 多次 没有 现在 一直 目前 相关 进行 希望 请求 帮助 双方 对方 本人 我们 他们 因为 所以 但是 一个 时候 今年 去年".split(
    " ",
  ),
);

// With any word of two or more characters, single characters (的, 了, 在 …) only add noise to an OR query.
function similarityTokens(text: string): string[] {
  const tokens = queryTokens(text).filter((t) => !GENERIC.has(t));
  const words = tokens.filter((t) => [...t].length > 1);
  return (words.length ? words : tokens).slice(0, 30);
}

export interface SimilarReasons {
  sameGrid: boolean;
  sameVillage: boolean;
  sameCategory: boolean;
  sharedWords: string[];
}

// A shared word weighs most; the same grid, village or category only lifts a case that shares one.
const scoreOf = (r: SimilarReasons) =>
  3 * r.sharedWords.length + (r.sameGrid ? 3 : r.sameVillage ? 2 : 0) + (r.sameCategory ? 2 : 0);
const relevant = (r: SimilarReasons) =>
  r.sharedWords.length >= 2 || (r.sharedWords.length === 1 && (r.sameVillage || r.sameCategory));

/**
 * Open cases that may be the same matter: ranked by the words they share with `text`, then by place
 * (same grid, same village) and category; a case sharing one word and nothing else is left out.
 * Each comes with why it matched, so the clerk can judge at a glance.
 */
export async function similarCases(
  db: Db,
  actor: SessionUser,
  o: {
    text: string;
    regionCode?: string | undefined;
    category?: string | undefined;
    excludeId?: string | undefined;
  },
) {
  const tokens = similarityTokens(o.text);
  if (tokens.length === 0) return [];
  const query = sql`to_tsquery('simple', ${tokens.join(" | ")})`;
  const region = o.regionCode
    ? await db.selectFrom("regions").select("path").where("code", "=", o.regionCode).executeTakeFirst()
    : undefined;
  // province.city.county.township.village[.grid]: the village is the fifth code of the path.
  const parts = region?.path.split(".") ?? [];
  const village = parts.length >= 5 ? parts.slice(0, 5).join(".") : null;
  let q = db
    .selectFrom("cases")
    .selectAll()
    .select([
      sql<string[]>`ARRAY(SELECT t FROM unnest(${tokens}::text[]) t
        WHERE cases.search @@ to_tsquery('simple', t))`.as("shared_words"),
      sql<boolean>`(cases.region_code = ${o.regionCode ?? ""})`.as("same_grid"),
      sql<boolean>`(${village}::text IS NOT NULL AND (cases.region_path = ${village} OR cases.region_path LIKE ${`${village}.%`}))`.as(
        "same_village",
      ),
      sql<boolean>`(cases.category = ${o.category ?? ""})`.as("same_category"),
    ])
    .where(visibleTo(actor))
    .where("cases.status", "in", OPEN_STATUSES)
    .where(sql<SqlBool>`cases.search @@ ${query}`);
  if (o.excludeId) q = q.where("cases.id", "<>", o.excludeId);
  // The text rank picks a candidate pool; the reasons below decide the order shown.
  const rows = await q.orderBy(sql`ts_rank(cases.search, ${query})`, "desc").limit(200).execute();
  return rows
    .map((r) => {
      const reasons: SimilarReasons = {
        sameGrid: r.same_grid,
        sameVillage: r.same_village,
        sameCategory: r.same_category,
        sharedWords: r.shared_words,
      };
      return { row: r, reasons, score: scoreOf(reasons) };
    })
    .filter((m) => relevant(m.reasons))
    .sort((a, b) => b.score - a.score || +new Date(b.row.created_at) - +new Date(a.row.created_at))
    .slice(0, 5);
}
