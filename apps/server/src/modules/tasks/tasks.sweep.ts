import { type Notice, TASK_REPLY, TASK_SIGN, type Task, taskTransition } from "@fengqiao/core";
import { sql } from "kysely";
import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import { CLAIMED, claimedOf, dueClocksCte } from "../../jobs/due-clocks";
import { chainTaskEvents, insertTaskEvents, type TaskEventRow } from "../audit/audit";
import { insertClocks, insertOutbox, spendClocks, startedClocks } from "../cases/case-store";
import { digests } from "./tasks.clocks";
import { type TaskWithCase, taskCalendars, taskSettings, toTask } from "./tasks.repository";

// 交办督办 at scale (issue 9): what a task's 签收 and 答复 clocks do — 催办 at the warn point, the yellow
// 督办单 when the deadline passes, "still overdue" when a later stage runs over — changes the task
// alone. So the sweep takes these clocks with their tasks, not their cases: it writes the task, the
// event on the task's own hash chain (0023), the clocks and a digest per unit, and leaves the case
// row alone (no lock, no new version: a cadre working on the case is not disturbed by a reminder to a
// department). The red 督办单 turns the case red, so task.red stays on the case's path (tasks.clocks).
//
// Locks: clocks and tasks FOR UPDATE SKIP LOCKED, cases not at all. A task command locks the case,
// then the task (waiting for a sweep batch that holds it); this never waits, so the two never deadlock.

export const TASK_SWEEP_KINDS = [TASK_SIGN, TASK_REPLY];

interface DueTaskRow extends TaskWithCase {
  clock_id: string;
  clock_kind: string;
  clock_due_at: Date;
}

export interface TaskSweepBatch {
  /** Clock rows claimed: fewer than the limit means nothing more is due. */
  clocks: number;
  /** Tasks that got a yellow 督办单 in this batch. */
  supervised: number;
}

export async function taskSweepBatch(
  ctx: AppContext,
  tx: Tx,
  o: { on: "due" | "warn"; now: Date; limit: number },
): Promise<TaskSweepBatch> {
  const { now, on } = o;
  // Due clocks first (dueClocksCte), then their tasks, locked; cases are only read.
  const { rows } = await sql<DueTaskRow & { claimed: string }>`
    ${dueClocksCte({ on, kinds: TASK_SWEEP_KINDS, now, limit: o.limit })}
    SELECT t.*, u.name AS unit_name, c.code AS case_code, '' AS case_title, '' AS case_region_path,
      c.policy_key AS case_policy_key, k.id AS clock_id, k.kind AS clock_kind, k.due_at AS clock_due_at,
      ${CLAIMED}
    FROM k
    JOIN tasks t ON t.id = k.subject_id
    JOIN units u ON u.id = t.unit_id
    JOIN cases c ON c.id = t.case_id
    FOR UPDATE OF t SKIP LOCKED`.execute(tx);
  if (rows.length === 0) return { clocks: 0, supervised: 0 };
  const claimed = claimedOf(rows);

  const byTask = new Map<string, DueTaskRow[]>();
  for (const r of rows) {
    const list = byTask.get(r.id);
    if (list) list.push(r);
    else byTask.set(r.id, [r]);
  }
  const settings = await taskSettings(tx);
  const calendarOf = taskCalendars(ctx);
  const events: TaskEventRow[] = [];
  const heads: { task: Task; head: string; count: number }[] = [];
  const started: ReturnType<typeof startedClocks> = [];
  const notices: Notice[] = [];
  let supervised = 0;
  for (const group of byTask.values()) {
    const row = group[0] as DueTaskRow;
    const cal = await calendarOf(row.case_policy_key);
    let task = toTask(row);
    const taskEvents = [];
    // Earliest first: a sign deadline and a reply deadline passed in one sweep read in order.
    group.sort((a, b) => new Date(a.clock_due_at).getTime() - new Date(b.clock_due_at).getTime());
    for (const k of group) {
      const r = taskTransition(
        task,
        { type: "clock", kind: k.clock_kind, on, dueAt: new Date(k.clock_due_at) },
        now,
        cal,
        settings,
      );
      // What a sign or reply clock may do: events, notices, the red clock. Anything else belongs on
      // the case's path, and finding it here is a bug, not something to drop quietly.
      if (r.cause.red || r.cause.clockOps.some((op) => op.op !== "start"))
        throw new Error(`task sweep: ${k.clock_kind} changed more than its task`);
      if (r.task.supervision === "yellow" && task.supervision === "none") supervised += 1;
      task = r.task;
      taskEvents.push(...r.cause.events);
      started.push(...startedClocks(task.caseId, r.cause.clockOps));
      notices.push(...r.cause.notices);
    }
    if (taskEvents.length === 0) continue;
    const chained = chainTaskEvents({
      taskId: task.id,
      caseId: task.caseId,
      head: row.last_event_hash,
      count: row.event_count,
      actorId: null,
      events: taskEvents,
    });
    events.push(...chained.rows);
    heads.push({ task, head: chained.head, count: chained.count });
  }

  if (heads.length > 0)
    await sql`
      UPDATE tasks AS t SET supervision = x.supervision, overdue_stage = x.stage, yellow_at = x.yellow_at,
        red_at = x.red_at, last_event_hash = x.head, event_count = x.count
      FROM unnest(${heads.map((h) => h.task.id)}::uuid[], ${heads.map((h) => h.task.supervision)}::text[],
        ${heads.map((h) => h.task.overdueStage)}::text[], ${heads.map((h) => h.task.yellowAt)}::timestamptz[],
        ${heads.map((h) => h.task.redAt)}::timestamptz[], ${heads.map((h) => h.head)}::text[],
        ${heads.map((h) => h.count)}::int[]) AS x(id, supervision, stage, yellow_at, red_at, head, count)
      WHERE t.id = x.id`.execute(tx);
  await insertTaskEvents(tx, events);
  // The sweep spends every clock it claimed, whatever the task made of it (a stale one does nothing).
  const ids = rows.map((r) => r.clock_id);
  await spendClocks(tx, on === "due" ? { fired: ids, warned: [], now } : { fired: [], warned: ids, now });
  await insertClocks(tx, started);
  await insertOutbox(tx, digests(notices), now);
  return { clocks: claimed, supervised };
}
