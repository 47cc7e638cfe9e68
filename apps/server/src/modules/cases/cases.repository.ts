import { AppError, type CaseResource, policyStep, type TCaseListQuery, type TPolicy } from "@fengqiao/core";
import { type ExpressionBuilder, sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { CaseRow, Database } from "../../db/schema";
import { atOrBelow, subtreeRange } from "../../db/subtree";
import { queryTokens } from "../../lib/search";
import type { SessionUser } from "../../plugins/auth";
import { dashboardFilters } from "../dashboard/list-filters";
import { workbenchFilters } from "../workbench/workbench.filters";
import { validCaseCode } from "./case-code";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Jurisdiction in SQL: the actor's region subtree, or cases assigned to the actor's unit. */
export function visibleTo(actor: SessionUser) {
  return (eb: ExpressionBuilder<Database, "cases">) => {
    const inTree = atOrBelow("cases.region_path", actor.regionPath);
    // Department handlers see what was assigned to their unit — the case, or a 交办 task on it — nothing else.
    if (actor.roles.every((r) => r === "department_handler")) {
      if (!actor.unitId) return eb.val(false);
      const unitId = actor.unitId;
      return eb.or([
        eb("cases.assigned_unit_id", "=", unitId),
        eb.exists(
          eb
            .selectFrom("tasks")
            .select(sql.lit(1).as("one"))
            .whereRef("tasks.case_id", "=", "cases.id")
            .where("tasks.unit_id", "=", unitId),
        ),
      ]);
    }
    return actor.unitId ? eb.or([inTree, eb("cases.assigned_unit_id", "=", actor.unitId)]) : inTree;
  };
}

/**
 * visibleTo's subtree as one key range, when the actor sees by region alone (no unit whose cases it
 * also sees elsewhere): a redundant condition that lets the open cases' index (migration 0022) find a
 * jurisdiction with one range instead of scanning all of it. Null when visibility is not a subtree.
 */
export function visibleRange(actor: SessionUser) {
  if (actor.unitId || actor.roles.every((r) => r === "department_handler")) return null;
  return subtreeRange("cases.region_path", actor.regionPath);
}

/**
 * What a list row shows beside the case's own columns: the region as names (township › village › grid;
 * the region's own name above a township). The ancestors are the codes of the case's path, found by
 * key: matching every region's path against it read all 118,000 of a province's lower regions per
 * row (3–4 s for a page of 50; issue 11).
 */
export const summaryExtras = [
  // One key probe per code of the path, in the path's order (root first). The codes come from
  // region_path, whose collation is "C" (a subtree is a key range): compared as such they cannot use
  // regions_pkey (default collation), and every row scanned all regions, splitting the case's path
  // again for each — 1 ms a row over a county's 1,113 regions, 50 ms a page; a province has 118,000.
  sql<string[] | null>`coalesce(
    (SELECT array_agg(x.name ORDER BY x.i) FROM (
      SELECT p.i, (SELECT r.name FROM regions r
        WHERE r.code = p.code COLLATE "default" AND r.level IN ('township', 'village', 'grid')) AS name
      FROM unnest(string_to_array(cases.region_path, '.')) WITH ORDINALITY AS p(code, i)) x
      WHERE x.name IS NOT NULL),
    (SELECT ARRAY[r.name] FROM regions r WHERE r.code = cases.region_code))`.as("region_names"),
] as const;

/**
 * The columns a list row is read with: what a summary shows (presentCaseSummary), the list's cursor and
 * the workbench's callback flags — not the description, the search vector, the parties or the hash
 * chain, which a page of 50 rows would carry (and parse) for nothing.
 */
export const SUMMARY_COLUMNS = [
  "id",
  "code",
  "channel",
  "category",
  "services",
  "title",
  "region_code",
  "region_path",
  "policy_key",
  "status",
  "step",
  "step_count",
  "outcome",
  "settled_step",
  "warning",
  "failed_mediation",
  "high_risk",
  "missed_deadline",
  "step_due_at",
  "step_warn_at",
  "overall_due_at",
  "paused_at",
  "calendar_unknown_years",
  "assigned_unit_id",
  "assignee_id",
  "reporter_name",
  "reporter_phone_enc",
  "callback_due_at",
  "callback_missed",
  "created_at",
  "updated_at",
  "version",
] as const satisfies readonly (keyof CaseRow)[];
export const summaryColumns = SUMMARY_COLUMNS.map((c) => `cases.${c}` as const);
export type SummaryRow = Pick<CaseRow, (typeof SUMMARY_COLUMNS)[number]> & { region_names?: string[] | null };

/** A case by id or code, if the actor may see it; otherwise 404 — never revealing that it exists. */
export async function findCaseForActor(
  db: Db | Tx,
  actor: SessionUser,
  ref: string,
  o: { forUpdate: boolean },
): Promise<CaseRow & { region_names: string[] | null }> {
  if (!UUID.test(ref) && !validCaseCode(ref)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  let q = db
    .selectFrom("cases")
    .selectAll()
    .select(summaryExtras)
    .where(UUID.test(ref) ? "id" : "code", "=", ref)
    .where(visibleTo(actor));
  if (o.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return row;
}

export function caseResource(row: CaseRow, policy: TPolicy): CaseResource {
  return {
    regionPath: row.region_path,
    assignedUnitId: row.assigned_unit_id,
    step: row.step,
    stepLevel: policyStep(policy, row.step)?.level ?? null,
  };
}

interface Cursor {
  k: string | null;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString("base64url");
// Exactly what encodeCursor writes (toISOString, which also rules out 02-31); anything else would
// reach PostgreSQL's ::timestamptz and fail there as a 500.
const isInstant = (k: unknown) =>
  k === null || (typeof k === "string" && Number.isFinite(Date.parse(k)) && new Date(k).toISOString() === k);
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    if (typeof c.id !== "string" || !UUID.test(c.id) || !isInstant(c.k)) throw new Error("bad cursor");
    return c;
  } catch {
    throw new AppError("INVALID_INPUT", { zh: "分页游标无效", en: "Invalid cursor" });
  }
}

// sort=due: a paused case's clock stands still, so its old due time says nothing about urgency; it
// sorts after every running case (with the cases that have no step deadline), by id among them.
// The key of index cases_due_key_idx (migration 0020): keep the two spelled alike.
const DUE_KEY = sql`CASE WHEN cases.status = 'paused' THEN 'infinity'::timestamptz
  ELSE coalesce(cases.step_due_at, 'infinity'::timestamptz) END`;
const dueKeyOf = (r: Pick<CaseRow, "status" | "step_due_at">) =>
  r.status === "paused" ? null : r.step_due_at;

/** Filtered, jurisdiction-scoped, cursor-paged list. */
export async function findCases(
  db: Db,
  actor: SessionUser,
  q: TCaseListQuery,
  regionPath: string | null,
  now: Date,
) {
  let query = db
    .selectFrom("cases")
    .select(summaryColumns)
    .select(summaryExtras)
    .where(visibleTo(actor))
    .where(workbenchFilters(actor, q, now));
  if (regionPath) {
    query = query.where(atOrBelow("region_path", regionPath));
  }
  if (q.status?.length) query = query.where("status", "in", q.status);
  if (q.step?.length) query = query.where("step", "in", q.step);
  if (q.warning?.length) query = query.where("warning", "in", q.warning);
  if (q.category?.length) query = query.where("category", "in", q.category);
  if (q.channel?.length) query = query.where("channel", "in", q.channel);
  query = query.where(dashboardFilters(q));
  if (q.from) query = query.where("created_at", ">=", startOf(q.from));
  if (q.to) query = query.where("created_at", "<", endOf(q.to));
  if (q.q) {
    const tokens = queryTokens(q.q);
    if (tokens.length)
      query = query.where(sql<boolean>`search @@ to_tsquery('simple', ${tokens.join(" & ")})`);
  }
  const byDue = q.sort === "due";
  // Keyset paging: (key, id) strictly after the cursor, in the same order as the ORDER BY.
  const key = byDue ? DUE_KEY : sql`created_at`;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const k = c.k ?? "infinity";
    query = byDue
      ? query.where(sql<boolean>`(${key}, id) > (${k}::timestamptz, ${c.id}::uuid)`)
      : query.where(sql<boolean>`(${key}, id) < (${k}::timestamptz, ${c.id}::uuid)`);
  }
  query = byDue
    ? query.orderBy(DUE_KEY, "asc").orderBy("id", "asc")
    : query.orderBy("created_at", "desc").orderBy("id", "desc");
  const rows = await query.limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({ k: toIso(byDue ? dueKeyOf(last) : last.created_at), id: last.id })
      : null;
  return { items: page, nextCursor };
}

const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
// A bare date as `to` includes that whole day (China time).
const endOf = (to: string) => (to.length === 10 ? new Date(`${to}T24:00:00+08:00`) : new Date(to));
const startOf = (from: string) => (from.length === 10 ? new Date(`${from}T00:00:00+08:00`) : new Date(from));
