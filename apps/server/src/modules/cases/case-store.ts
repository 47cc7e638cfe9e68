import {
  AppError,
  type CaseFields,
  type CaseRef,
  type CaseState,
  type ClockOp,
  LADDER_KINDS,
  type Notice,
  type Transition,
} from "@fengqiao/core";
import { sql } from "kysely";
import type { Tx } from "../../db/database";
import type { CaseRow } from "../../db/schema";
import { chainEvents, insertEvents } from "../audit/audit";

// Set-based writes shared by single commands and the clock sweep: one statement per table,
// whatever the number of cases, so a burst of 100,000 due clocks costs a few statements per batch.

/** A case's row as core sees it: identity for notices, workflow state, deadlines and flags. */
export function caseInput(row: CaseRow): { ref: CaseRef; state: CaseState; fields: CaseFields } {
  return { ref: refOf(row), state: stateOf(row), fields: fieldsOf(row) };
}

export function refOf(
  row: Pick<CaseRow, "id" | "code" | "region_code" | "region_path" | "reporter_phone_hash">,
): CaseRef {
  return {
    id: row.id,
    code: row.code,
    regionCode: row.region_code,
    regionPath: row.region_path,
    hasPhone: row.reporter_phone_hash !== null,
  };
}

const d = (v: Date | string | null) => (v === null ? null : new Date(v));

function fieldsOf(row: CaseRow): CaseFields {
  return {
    warning: row.warning as CaseFields["warning"],
    stepDueAt: d(row.step_due_at),
    stepWarnAt: d(row.step_warn_at),
    overallDueAt: d(row.overall_due_at),
    pausedAt: d(row.paused_at),
    assignedUnitId: row.assigned_unit_id,
    assigneeId: row.assignee_id,
    mergedInto: row.merged_into,
    resolvedAt: d(row.resolved_at),
    closedAt: d(row.closed_at),
    highRisk: row.high_risk,
    missedDeadline: row.missed_deadline,
    calendarUnknownYears: row.calendar_unknown_years,
    callbackDueAt: d(row.callback_due_at),
    callbackMissed: row.callback_missed,
    rating: row.rating as CaseFields["rating"],
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

/** The columns a transition sets, named as in the table. */
export function caseColumns(state: CaseState, f: CaseFields) {
  return {
    status: state.status,
    step: state.step,
    paused_from: state.pausedFrom,
    paused_at: f.pausedAt,
    failed_mediation: state.failedMediation,
    outcome: state.outcome,
    settled_step: state.settledStep,
    mediation_attempts: state.mediationAttempts,
    reopen_count: state.reopenCount,
    warning: f.warning,
    step_due_at: f.stepDueAt,
    step_warn_at: f.stepWarnAt,
    overall_due_at: f.overallDueAt,
    assigned_unit_id: f.assignedUnitId,
    assignee_id: f.assigneeId,
    merged_into: f.mergedInto,
    resolved_at: f.resolvedAt,
    closed_at: f.closedAt,
    high_risk: f.highRisk,
    missed_deadline: f.missedDeadline,
    calendar_unknown_years: f.calendarUnknownYears,
    callback_due_at: f.callbackDueAt,
    callback_missed: f.callbackMissed,
    rating: f.rating,
  };
}

/** A locked case and what its transition does to it. */
export interface CaseChange {
  before: Pick<CaseRow, "id" | "version" | "last_event_hash" | "event_count" | "reporter_phone_enc">;
  next: Transition;
  /**
   * A change the system makes beside people's work (a risk warning reddening the case) keeps the
   * case's version: a cadre who opened the case a second earlier can still accept it, instead of being
   * told someone else changed it. The row is still locked and its events chained as usual.
   */
  keepVersion?: boolean;
}

/** Clocks a transition starts, as rows of `clocks`. */
export const startedClocks = (caseId: string, ops: ClockOp[]) =>
  ops.flatMap((o) =>
    o.op === "start"
      ? [
          {
            case_id: caseId,
            kind: o.clock.kind,
            step: o.clock.step,
            subject_id: o.clock.subjectId ?? null,
            started_at: o.clock.startedAt,
            due_at: o.clock.dueAt,
            warn_at: o.clock.warnAt,
            basis: o.clock.basis,
          },
        ]
      : [],
  );

/**
 * Notices addressed to the reporter (`to: "reporter"`) get the case's sealed phone: core never sees
 * the number, and the outbox keeps it sealed until the delivery adapter opens it.
 */
export function outboxRows(notices: Notice[], phoneEnc: string | null) {
  return notices.flatMap((n) => {
    if (n.payload.to !== "reporter") return [n];
    return phoneEnc ? [{ topic: n.topic, payload: { ...n.payload, to: { phoneEnc } } }] : [];
  });
}

/** Applies changes; a case whose version moved meanwhile aborts the whole transaction with CONFLICT. */
export async function saveCaseChanges(tx: Tx, changes: CaseChange[], actorId: string | null, now: Date) {
  if (changes.length === 0) return;
  // Stops, pauses and fires first: an escalation stops the old step clock before the new one starts.
  await applyClockOps(tx, changes, now);
  await insertClocks(
    tx,
    changes.flatMap((c) => startedClocks(c.before.id, c.next.clockOps)),
  );
  const events = [];
  const updates = [];
  for (const c of changes) {
    const chained = chainEvents({
      caseId: c.before.id,
      head: c.before.last_event_hash,
      count: c.before.event_count,
      actorId,
      events: c.next.events,
    });
    events.push(...chained.rows);
    updates.push(caseUpdateRow(c, chained.head, chained.count, now));
  }
  const updated = await updateCases(tx, updates);
  if (updated !== changes.length) throw new AppError("CONFLICT");
  await insertEvents(tx, events);
  await insertOutbox(
    tx,
    changes.flatMap((c) => outboxRows(c.next.notices, c.before.reporter_phone_enc)),
    now,
  );
}

function caseUpdateRow(c: CaseChange, head: string, count: number, now: Date) {
  return {
    id: c.before.id,
    version: c.before.version,
    bump: c.keepVersion ? 0 : 1,
    ...caseColumns(c.next.state, c.next.fields),
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
  bump: "int",
  status: "text",
  step: "int",
  paused_from: "text",
  paused_at: "timestamptz",
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
  callback_due_at: "timestamptz",
  callback_missed: "boolean",
  rating: "text",
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
    .filter((c) => c !== "id" && c !== "version" && c !== "bump")
    .map((c) => (c === "calendar_unknown_years" ? `${c} = x.${c}::int[]` : `${c} = x.${c}`));
  // The redundant `c.id = ANY(…)` lets the planner read the batch's cases by their key: without it,
  // it hashed the unnest and scanned the whole table once per batch of the sweep.
  const res = await sql`
    UPDATE cases AS c SET ${sql.raw(sets.join(", "))}, version = c.version + x.bump
    FROM unnest(${sql.join(arrays)}) AS x(${sql.raw(cols.join(", "))})
    WHERE c.id = x.id AND c.version = x.version
      AND c.id = ANY(${rows.map((r) => r.id)}::uuid[])
  `.execute(tx);
  return Number(res.numAffectedRows ?? 0);
}

type ClockRow = ReturnType<typeof startedClocks>[number];

// Typed arrays, one per column, for the same reason as eventsInsert.
export const clocksInsert = (rows: ClockRow[]) => sql`
  INSERT INTO clocks (case_id, kind, step, subject_id, started_at, due_at, warn_at, basis)
  SELECT * FROM unnest(${rows.map((r) => r.case_id)}::uuid[], ${rows.map((r) => r.kind)}::text[],
    ${rows.map((r) => r.step)}::int[], ${rows.map((r) => r.subject_id)}::uuid[],
    ${rows.map((r) => r.started_at)}::timestamptz[], ${rows.map((r) => r.due_at)}::timestamptz[],
    ${rows.map((r) => r.warn_at)}::timestamptz[], ${rows.map((r) => r.basis)}::text[])`;

export async function insertClocks(tx: Tx, rows: ClockRow[]) {
  if (rows.length > 0) await clocksInsert(rows).execute(tx);
}

export const outboxInsert = (rows: { topic: string; payload: Record<string, unknown> }[], now: Date) => sql`
  INSERT INTO outbox (topic, payload, created_at, available_at)
  SELECT topic, payload, ${now}, ${now}
  FROM unnest(${rows.map((r) => r.topic)}::text[], ${rows.map((r) => JSON.stringify(r.payload))}::jsonb[])
    AS x(topic, payload)`;

export async function insertOutbox(
  tx: Tx,
  rows: { topic: string; payload: Record<string, unknown> }[],
  now: Date,
) {
  if (rows.length > 0) await outboxInsert(rows, now).execute(tx);
}

/** Clocks the sweep claimed and spent: those that ran out are fired (and stop), the others warned. */
export async function spendClocks(tx: Tx, o: { fired: string[]; warned: string[]; now: Date }) {
  if (o.fired.length)
    await sql`UPDATE clocks SET fired_at = ${o.now}, stopped_at = ${o.now} WHERE id = ANY(${o.fired}::bigint[])`.execute(
      tx,
    );
  if (o.warned.length)
    await sql`UPDATE clocks SET warned_at = ${o.now} WHERE id = ANY(${o.warned}::bigint[])`.execute(tx);
}

async function applyClockOps(tx: Tx, changes: CaseChange[], now: Date) {
  const ids = (pred: (op: ClockOp) => boolean) =>
    changes.filter((c) => c.next.clockOps.some(pred)).map((c) => c.before.id);
  const ops = changes.flatMap((c) => c.next.clockOps);
  await spendClocks(tx, {
    fired: ops.flatMap((o) => (o.op === "fire" ? [o.clockId] : [])),
    warned: ops.flatMap((o) => (o.op === "warned" ? [o.clockId] : [])),
    now,
  });
  // Case-wide stops grouped by kinds, one statement per group; a procedure's stops by its subject.
  for (const kinds of new Set(
    ops.flatMap((o) => (o.op === "stop" && !o.subjectId ? [o.kinds.join(",")] : [])),
  )) {
    const caseIds = ids((o) => o.op === "stop" && !o.subjectId && o.kinds.join(",") === kinds);
    await sql`UPDATE clocks SET stopped_at = ${now}
      WHERE case_id = ANY(${caseIds}::uuid[]) AND kind = ANY(${kinds.split(",")}::text[]) AND stopped_at IS NULL`.execute(
      tx,
    );
  }
  const subjectStops = ops.flatMap((o) => (o.op === "stop" && o.subjectId ? [o] : []));
  if (subjectStops.length)
    await sql`UPDATE clocks AS k SET stopped_at = ${now}
      FROM jsonb_to_recordset(${JSON.stringify(subjectStops.map((o) => ({ subject: o.subjectId, kinds: o.kinds })))}::jsonb)
        AS x(subject uuid, kinds text[])
      WHERE k.subject_id = x.subject AND k.kind = ANY(x.kinds) AND k.stopped_at IS NULL`.execute(tx);
  const paused = ids((o) => o.op === "pause");
  if (paused.length)
    await sql`UPDATE clocks SET paused_at = ${now}
      WHERE case_id = ANY(${paused}::uuid[]) AND kind = ANY(${LADDER_KINDS}::text[])
        AND stopped_at IS NULL AND paused_at IS NULL`.execute(tx);
  const resumed = ids((o) => o.op === "resume");
  // Pausing stops the clock: deadlines move by the paused time (as core moves the case's own deadlines).
  // Only the ladder pauses: a statutory or supervision deadline runs whatever the case waits for.
  if (resumed.length)
    await sql`UPDATE clocks SET due_at = due_at + (${now}::timestamptz - paused_at),
        warn_at = warn_at + (${now}::timestamptz - paused_at), paused_at = NULL
      WHERE case_id = ANY(${resumed}::uuid[]) AND stopped_at IS NULL AND paused_at IS NOT NULL`.execute(tx);
}
