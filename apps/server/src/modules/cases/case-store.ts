import { AppError, type CaseState } from "@fengqiao/core";
import { sql } from "kysely";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { chainEvents, insertEvents, type NewEvent } from "../audit/audit";

// Set-based writes shared by single commands and the clock sweep: one statement per table,
// whatever the number of cases, so a burst of 100,000 due clocks costs a few statements per batch.

export interface CaseFields {
  warning: string;
  step_due_at: Date | null;
  step_warn_at: Date | null;
  overall_due_at: Date | null;
  assigned_unit_id: string | null;
  assignee_id: string | null;
  merged_into: string | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  high_risk: boolean;
  missed_deadline: boolean;
  calendar_unknown_years: number[];
}

export interface NewClock {
  kind: "step" | "overall" | string;
  step: number | null;
  started_at: Date;
  due_at: Date;
  warn_at: Date | null;
  basis: string;
}

export type ClockOp =
  | { op: "stop"; kinds: string[] }
  | { op: "pause" }
  | { op: "resume" }
  | { op: "fire"; clockId: string }
  | { op: "warned"; clockId: string };

export interface CaseChange {
  before: Pick<CaseRow, "id" | "version" | "last_event_hash" | "event_count">;
  state: CaseState;
  fields: CaseFields;
  events: NewEvent[];
  clockOps: ClockOp[];
  newClocks: NewClock[];
  outbox: { topic: string; payload: Record<string, unknown> }[];
}

export function fieldsOf(row: CaseRow): CaseFields {
  const d = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    warning: row.warning,
    step_due_at: d(row.step_due_at),
    step_warn_at: d(row.step_warn_at),
    overall_due_at: d(row.overall_due_at),
    assigned_unit_id: row.assigned_unit_id,
    assignee_id: row.assignee_id,
    merged_into: row.merged_into,
    resolved_at: d(row.resolved_at),
    closed_at: d(row.closed_at),
    high_risk: row.high_risk,
    missed_deadline: row.missed_deadline,
    calendar_unknown_years: row.calendar_unknown_years,
  };
}

export function stateOf(row: CaseRow): CaseState {
  return {
    status: row.status as CaseState["status"],
    step: row.step,
    stepCount: row.step_count,
    pausedFrom: row.paused_from as CaseState["pausedFrom"],
    failedMediation: row.failed_mediation,
    outcome: row.outcome as CaseState["outcome"],
    settledStep: row.settled_step,
    mediationAttempts: row.mediation_attempts,
    reopenCount: row.reopen_count,
  };
}

/** Applies changes; a case whose version moved meanwhile aborts the whole transaction with CONFLICT. */
export async function saveCaseChanges(tx: Tx, changes: CaseChange[], actorId: string | null, now: Date) {
  if (changes.length === 0) return;
  await applyClockOps(tx, changes, now);
  await insertClocks(
    tx,
    changes.flatMap((c) => c.newClocks.map((k) => ({ ...k, case_id: c.before.id }))),
  );
  const events = [];
  const updates = [];
  for (const c of changes) {
    const chained = chainEvents({
      caseId: c.before.id,
      head: c.before.last_event_hash,
      count: c.before.event_count,
      actorId,
      events: c.events,
    });
    events.push(...chained.rows);
    updates.push(caseUpdateRow(c, chained.head, chained.count, now));
  }
  const updated = await updateCases(tx, updates);
  if (updated !== changes.length) throw new AppError("CONFLICT");
  await insertEvents(tx, events);
  await insertOutbox(
    tx,
    changes.flatMap((c) => c.outbox),
    now,
  );
}

function caseUpdateRow(c: CaseChange, head: string, count: number, now: Date) {
  const s = c.state;
  return {
    id: c.before.id,
    version: c.before.version,
    status: s.status,
    step: s.step,
    paused_from: s.pausedFrom,
    failed_mediation: s.failedMediation,
    outcome: s.outcome,
    settled_step: s.settledStep,
    mediation_attempts: s.mediationAttempts,
    reopen_count: s.reopenCount,
    ...c.fields,
    last_event_hash: head,
    event_count: count,
    updated_at: now,
  };
}

// Column → PostgreSQL array type, for the set-based UPDATE below (unnest of typed arrays is cheaper to
// parse than one JSON document per row).
const UPDATE_COLUMNS = {
  id: "uuid",
  version: "int",
  status: "text",
  step: "int",
  paused_from: "text",
  failed_mediation: "boolean",
  outcome: "text",
  settled_step: "int",
  mediation_attempts: "int",
  reopen_count: "int",
  warning: "text",
  step_due_at: "timestamptz",
  step_warn_at: "timestamptz",
  overall_due_at: "timestamptz",
  assigned_unit_id: "uuid",
  assignee_id: "uuid",
  merged_into: "text",
  resolved_at: "timestamptz",
  closed_at: "timestamptz",
  high_risk: "boolean",
  missed_deadline: "boolean",
  calendar_unknown_years: "text",
  last_event_hash: "text",
  event_count: "int",
  updated_at: "timestamptz",
} as const;
type UpdateRow = ReturnType<typeof caseUpdateRow>;

async function updateCases(tx: Tx, rows: UpdateRow[]): Promise<number> {
  const cols = Object.keys(UPDATE_COLUMNS) as (keyof typeof UPDATE_COLUMNS)[];
  // int[] columns travel as their text form ('{2027}') inside a text[] and are cast back per row.
  const arrays = cols.map((col) => {
    const values = rows.map((r) => {
      const v = r[col];
      return col === "calendar_unknown_years" ? `{${(v as number[]).join(",")}}` : v;
    });
    return sql`${values}::${sql.raw(UPDATE_COLUMNS[col])}[]`;
  });
  const sets = cols
    .filter((c) => c !== "id" && c !== "version")
    .map((c) => (c === "calendar_unknown_years" ? `${c} = x.${c}::int[]` : `${c} = x.${c}`));
  const res = await sql`
    UPDATE cases AS c SET ${sql.raw(sets.join(", "))}, version = c.version + 1
    FROM unnest(${sql.join(arrays)}) AS x(${sql.raw(cols.join(", "))})
    WHERE c.id = x.id AND c.version = x.version
  `.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

export const clocksInsert = (rows: (NewClock & { case_id: string })[]) => sql`
  INSERT INTO clocks (case_id, kind, step, started_at, due_at, warn_at, basis)
  SELECT case_id, kind, step, started_at, due_at, warn_at, basis
  FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(case_id uuid, kind text, step int,
    started_at timestamptz, due_at timestamptz, warn_at timestamptz, basis text)`;

export async function insertClocks(tx: Tx, rows: (NewClock & { case_id: string })[]) {
  if (rows.length > 0) await clocksInsert(rows).execute(tx);
}

export const outboxInsert = (rows: { topic: string; payload: Record<string, unknown> }[], now: Date) => sql`
  INSERT INTO outbox (topic, payload, created_at, available_at)
  SELECT topic, payload, ${now}, ${now}
  FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(topic text, payload jsonb)`;

export async function insertOutbox(
  tx: Tx,
  rows: { topic: string; payload: Record<string, unknown> }[],
  now: Date,
) {
  if (rows.length > 0) await outboxInsert(rows, now).execute(tx);
}

async function applyClockOps(tx: Tx, changes: CaseChange[], now: Date) {
  const ids = (pred: (op: ClockOp) => boolean) =>
    changes.filter((c) => c.clockOps.some(pred)).map((c) => c.before.id);
  const fired = changes.flatMap((c) => c.clockOps.flatMap((o) => (o.op === "fire" ? [o.clockId] : [])));
  const warned = changes.flatMap((c) => c.clockOps.flatMap((o) => (o.op === "warned" ? [o.clockId] : [])));
  if (fired.length)
    await sql`UPDATE clocks SET fired_at = ${now}, stopped_at = ${now} WHERE id = ANY(${fired}::bigint[])`.execute(
      tx,
    );
  if (warned.length)
    await sql`UPDATE clocks SET warned_at = ${now} WHERE id = ANY(${warned}::bigint[])`.execute(tx);
  for (const kinds of new Set(
    changes.flatMap((c) => c.clockOps.flatMap((o) => (o.op === "stop" ? [o.kinds.join(",")] : []))),
  )) {
    const caseIds = ids((o) => o.op === "stop" && o.kinds.join(",") === kinds);
    await sql`UPDATE clocks SET stopped_at = ${now}
      WHERE case_id = ANY(${caseIds}::uuid[]) AND kind = ANY(${kinds.split(",")}::text[]) AND stopped_at IS NULL`.execute(
      tx,
    );
  }
  const paused = ids((o) => o.op === "pause");
  if (paused.length)
    await sql`UPDATE clocks SET paused_at = ${now}
      WHERE case_id = ANY(${paused}::uuid[]) AND stopped_at IS NULL AND paused_at IS NULL`.execute(tx);
  const resumed = ids((o) => o.op === "resume");
  // Pausing stops the clock: deadlines move by the paused time (same arithmetic as core's shiftClock).
  if (resumed.length)
    await sql`UPDATE clocks SET due_at = due_at + (${now}::timestamptz - paused_at),
        warn_at = warn_at + (${now}::timestamptz - paused_at), paused_at = NULL
      WHERE case_id = ANY(${resumed}::uuid[]) AND stopped_at IS NULL AND paused_at IS NOT NULL`.execute(tx);
}
