import { sql } from "kysely";
import type { Tx } from "../db/database";
import type { CaseRow } from "../db/schema";

// One engine for every deadline: each sweep (ladder steps, warnings, 码上反映 callbacks) claims its
// clocks here, with their cases, so every kind gets the same locking and the same reading of a case.

export interface DueRow extends CaseRow {
  clock_id: string;
  clock_kind: string;
  clock_step: number | null;
  clock_due_at: Date;
  clock_subject_id: string | null;
}

// What the sweep reads of a case: its workflow state, deadlines and chain head — not its text.
const SWEEP_COLUMNS = sql.raw(
  [
    "id",
    "code",
    "region_code",
    "region_path",
    "policy_key",
    "status",
    "step",
    "step_count",
    "paused_from",
    "paused_at",
    "failed_mediation",
    "outcome",
    "settled_step",
    "mediation_attempts",
    "reopen_count",
    "warning",
    "high_risk",
    "missed_deadline",
    "step_due_at",
    "step_warn_at",
    "overall_due_at",
    "assigned_unit_id",
    "assignee_id",
    "merged_into",
    "resolved_at",
    "closed_at",
    "reporter_phone_hash",
    "reporter_phone_enc",
    "calendar_unknown_years",
    "callback_due_at",
    "callback_missed",
    "last_event_hash",
    "event_count",
    "version",
  ]
    .map((c) => `c.${c}`)
    .join(", "),
);

export interface DueClocks {
  /** How many clock rows were claimed (a batch smaller than `limit` means nothing more is due). */
  clocks: number;
  /** The claimed clocks of each case together: one change per case, however many of its clocks ran out. */
  byCase: DueRow[][];
}

/**
 * Locks clocks of `kinds` whose due time (`on: "due"`) or warn time (`on: "warn"`) has come, with their
 * cases, FOR UPDATE SKIP LOCKED: several processes and workers take different rows, a case being
 * changed by staff right now waits for the next sweep.
 */
export async function lockDueClocks(
  tx: Tx,
  o: { on: "due" | "warn"; kinds: string[]; now: Date; limit: number },
): Promise<DueClocks> {
  const [reached, order] =
    o.on === "due"
      ? [sql`k.due_at <= ${o.now}`, sql`k.due_at`]
      : [sql`k.warn_at <= ${o.now} AND k.warned_at IS NULL`, sql`k.warn_at`];
  // The clocks are picked first, in due order on their partial index, and only those joined to their
  // cases: ordering the join of every due row before the LIMIT sorted the whole backlog once per batch.
  // A clock whose case staff hold right now is claimed here but skipped below, left for a later sweep.
  const rows = await sql<DueRow & { claimed: string }>`
    WITH k AS MATERIALIZED (
      SELECT k.id, k.kind, k.step, k.due_at, k.subject_id, k.case_id FROM clocks k
      WHERE k.stopped_at IS NULL AND k.fired_at IS NULL AND k.paused_at IS NULL
        AND k.kind = ANY(${o.kinds}::text[]) AND ${reached}
      ORDER BY ${order}
      LIMIT ${o.limit}
      FOR UPDATE SKIP LOCKED)
    SELECT ${SWEEP_COLUMNS}, k.id AS clock_id, k.kind AS clock_kind, k.step AS clock_step, k.due_at AS clock_due_at, k.subject_id AS clock_subject_id,
      (SELECT count(*) FROM k) AS claimed
    FROM k JOIN cases c ON c.id = k.case_id
    FOR UPDATE OF c SKIP LOCKED`.execute(tx);
  const byCase = new Map<string, DueRow[]>();
  for (const r of rows.rows) {
    const group = byCase.get(r.id);
    if (group) group.push(r);
    else byCase.set(r.id, [r]);
  }
  // Skipped clocks count as claimed, so a full batch with a few of them still leads to the next batch;
  // a batch that got nothing ends the loop (no spinning on clocks whose cases stay held).
  const claimed = rows.rows.length === 0 ? 0 : Number(rows.rows[0]?.claimed);
  return { clocks: claimed, byCase: [...byCase.values()] };
}
