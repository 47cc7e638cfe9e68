import { type Notice, TASK_RED, type Task, type TaskCause, taskTransition } from "@fengqiao/core";
import { sql } from "kysely";
import type { Tx } from "../../db/database";
import type { TaskRow } from "../../db/schema";
import type { ProcedureCause, ProcedureClockHandler } from "../../jobs/procedure-clocks";
import { insertOutbox } from "../cases/case-store";
import { taskCalendars, taskSettings, toTask } from "./tasks.repository";

// The sweep's side of 交办督办 that reaches the case: the red 督办单 when task.red runs out turns the
// case red, so it goes on the case's one transition path. (The 签收/答复 clocks — 催办, the yellow 督办单 —
// change the task alone: tasks.sweep.ts.) One SELECT and one UPDATE per batch, whatever its size.

export const taskClocks: ProcedureClockHandler = {
  kinds: [TASK_RED],
  warnKinds: [],
  async onClocks({ ctx, tx, now, on, items }) {
    const ids = [
      ...new Set(items.flatMap((i) => i.clocks.flatMap((k) => (k.subjectId ? [k.subjectId] : [])))),
    ];
    const out = new Map<string, ProcedureCause>();
    if (ids.length === 0) return out;
    // The cases are locked by the sweep; the tasks too, as the task sweep (which never waits) may be
    // writing one. One array parameter, not thousands; the case's code comes with the sweep's row.
    const rows = await sql<TaskRow & { unit_name: string }>`
      SELECT t.*, u.name AS unit_name FROM tasks t JOIN units u ON u.id = t.unit_id
      WHERE t.id = ANY(${ids}::uuid[]) FOR UPDATE OF t`.execute(tx);
    const codes = new Map(items.map((i) => [i.caseRow.id, i.caseRow.code]));
    const tasks = new Map(
      rows.rows.map((r) => [
        r.id,
        toTask({
          ...r,
          case_code: codes.get(r.case_id) ?? "",
          case_title: "",
          case_region_path: "",
          case_policy_key: "",
        }),
      ]),
    );
    const settings = await taskSettings(tx);
    const calendarOf = taskCalendars(ctx);
    const changed = new Map<string, Task>();
    const notices: Notice[] = [];
    for (const { caseRow, clocks } of items) {
      const cal = await calendarOf(caseRow.policy_key);
      const cause: TaskCause = { type: "procedure", events: [], clockOps: [], notices: [], red: false };
      // Earliest first: a sign deadline and a reply deadline passed in one sweep read in order.
      for (const k of [...clocks].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())) {
        const task = k.subjectId ? tasks.get(k.subjectId) : undefined;
        if (!task) continue;
        const r = taskTransition(
          task,
          { type: "clock", kind: k.kind, on, dueAt: k.dueAt },
          now,
          cal,
          settings,
        );
        if (r.task !== task) {
          tasks.set(task.id, r.task);
          changed.set(task.id, r.task);
        }
        cause.events.push(...r.cause.events);
        cause.clockOps.push(...r.cause.clockOps);
        notices.push(...r.cause.notices);
        cause.red ||= r.cause.red;
      }
      out.set(caseRow.id, cause);
    }
    await saveSupervision(tx, [...changed.values()]);
    await insertOutbox(tx, digests(notices), now);
    return out;
  },
};

const DIGEST_LIST = 50;

/**
 * The sweep's 催办 and 督办 notices, one per unit and kind per batch rather than one per task: after a
 * holiday a department may have hundreds of tasks run over at once, and it should get one message
 * listing them, not hundreds. (A person's command still notifies per task.)
 */
export function digests(notices: Notice[]): Notice[] {
  const groups = new Map<
    string,
    { unitId: unknown; what: unknown; tasks: { taskId: unknown; code: unknown }[] }
  >();
  for (const n of notices) {
    const p = n.payload;
    const key = `${String(p.unitId)}|${String(p.what)}`;
    const g = groups.get(key) ?? { unitId: p.unitId, what: p.what, tasks: [] };
    g.tasks.push({ taskId: p.taskId, code: p.code });
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({
    topic: "task.digest",
    payload: {
      unitId: g.unitId,
      what: g.what,
      count: g.tasks.length,
      tasks: g.tasks.slice(0, DIGEST_LIST),
    },
  }));
}

/** A clock only ever changes a task's supervision: one UPDATE … FROM unnest for the whole batch. */
async function saveSupervision(tx: Tx, tasks: Task[]) {
  if (tasks.length === 0) return;
  await sql`
    UPDATE tasks AS t SET supervision = x.supervision, overdue_stage = x.stage, yellow_at = x.yellow_at, red_at = x.red_at
    FROM unnest(${tasks.map((t) => t.id)}::uuid[], ${tasks.map((t) => t.supervision)}::text[],
                ${tasks.map((t) => t.overdueStage)}::text[], ${tasks.map((t) => t.yellowAt)}::timestamptz[],
                ${tasks.map((t) => t.redAt)}::timestamptz[]) AS x(id, supervision, stage, yellow_at, red_at)
    WHERE t.id = x.id`.execute(tx);
}
