import { type CaseCause, type CaseEvent, type DueClock, LADDER_KINDS } from "@fengqiao/core";
import type { AppContext } from "../context";
import type { Tx } from "../db/database";
import { transitionCase } from "../modules/cases/case-change";
import { type CaseChange, saveCaseChanges } from "../modules/cases/case-store";
import { taskSweepBatch } from "../modules/tasks/tasks.sweep";
import { type DueRow, lockDueClocks } from "./due-clocks";
import {
  handlerOf,
  PROCEDURE_CLOCKS,
  type ProcedureClockHandler,
  type ProcedureClockItem,
} from "./procedure-clocks";

export interface SweepResult {
  escalated: number;
  overdue: number;
  warned: number;
  /** 码上反映 callbacks nobody made in time. */
  callbacksOverdue: number;
  /** 交办 tasks given a yellow 督办单 (their 签收 or 答复 deadline passed). */
  tasksSupervised: number;
}

/** Every kind of deadline the sweep runs; what each does when it runs out is core's caseTransition. */
const dueKinds = () => [...LADDER_KINDS, ...PROCEDURE_CLOCKS.flatMap((h) => h.kinds)];
const warnKinds = () => ["step", ...PROCEDURE_CLOCKS.flatMap((h) => h.warnKinds)];

/**
 * Runs every due clock: overdue ladder steps escalate by themselves, the last step and the overall
 * clock turn the case red, a missed 码上反映 callback alerts the chain, and clocks past their warn point
 * turn the case yellow. Batches lock their rows with SKIP LOCKED, so several processes share the work
 * and never act on one clock twice; a rerun finds nothing left to do, and after downtime it catches
 * up batch by batch. Notices are only written here: their delivery runs on its own timer (jobs/outbox).
 */
export async function sweepClocks(
  ctx: AppContext,
  o: { batchSize?: number; workers?: number } = {},
): Promise<SweepResult> {
  const total: SweepResult = { escalated: 0, overdue: 0, warned: 0, callbacksOverdue: 0, tasksSupervised: 0 };
  const batchSize = o.batchSize ?? 2000;
  // Two batches in flight keep both the database and this process busy during a burst (after a
  // holiday, thousands of clocks run out at once); SKIP LOCKED hands each worker different rows.
  // 交办 tasks' 签收/答复 clocks first, on the task alone (tasks.sweep.ts): a yellow 督办单 issued now
  // starts its task.red clock, which the case's loop below then finds if it is already due.
  const taskWorker = (on: "due" | "warn") => async () => {
    for (;;) {
      const now = ctx.clock.now();
      const r = await ctx.db
        .transaction()
        .execute((tx) => taskSweepBatch(ctx, tx, { on, now, limit: batchSize }));
      total.tasksSupervised += r.supervised;
      if (r.clocks < batchSize) return;
    }
  };
  await Promise.all(Array.from({ length: o.workers ?? 2 }, taskWorker("due")));
  await taskWorker("warn")();
  const worker = async () => {
    for (;;) {
      const now = ctx.clock.now();
      const r = await ctx.db.transaction().execute((tx) => dueBatch(ctx, tx, now, batchSize));
      count(total, r.events);
      // Keep going while anything was due: an escalation after downtime may already be due again.
      if (r.clocks === 0) return;
    }
  };
  await Promise.all(Array.from({ length: o.workers ?? 2 }, worker));
  for (;;) {
    const now = ctx.clock.now();
    const r = await ctx.db.transaction().execute((tx) => warnBatch(ctx, tx, now, batchSize));
    total.warned += r.events.filter((e) => e.type === "case.warning_changed").length;
    if (r.clocks < batchSize) break;
  }
  return total;
}

function count(total: SweepResult, events: CaseEvent[]) {
  for (const e of events) {
    if (e.type === "case.escalated") total.escalated += 1;
    else if (e.type === "case.step_overdue" || e.type === "case.overall_overdue") total.overdue += 1;
    else if (e.type === "case.callback_overdue") total.callbacksOverdue += 1;
  }
}

const dueClock = (k: DueRow): DueClock => ({
  id: k.clock_id,
  kind: k.clock_kind,
  step: k.clock_step,
  dueAt: new Date(k.clock_due_at),
  subjectId: k.clock_subject_id,
});

async function dueBatch(ctx: AppContext, tx: Tx, now: Date, limit: number) {
  const groups = await lockDueClocks(tx, { on: "due", kinds: dueKinds(), now, limit });
  return applyBatch(ctx, tx, now, groups, "due");
}

async function warnBatch(ctx: AppContext, tx: Tx, now: Date, limit: number) {
  const groups = await lockDueClocks(tx, { on: "warn", kinds: warnKinds(), now, limit });
  return applyBatch(ctx, tx, now, groups, "warn");
}

/**
 * One change per case of the batch, saved set-based: a few statements whatever the batch size. The
 * ladder's clocks are one cause; each procedure's clocks another, applied after it on the same case.
 */
async function applyBatch(
  ctx: AppContext,
  tx: Tx,
  now: Date,
  groups: Awaited<ReturnType<typeof lockDueClocks>>,
  on: "due" | "warn",
) {
  // Appended in place: copying a batch's list per item made a batch of 5,000 cost 12.5 M copies.
  const causes = new Map<string, CaseCause[]>();
  const add = (caseId: string, cause: CaseCause) => {
    const list = causes.get(caseId);
    if (list) list.push(cause);
    else causes.set(caseId, [cause]);
  };
  const byHandler = new Map<ProcedureClockHandler, ProcedureClockItem[]>();
  for (const group of groups.byCase) {
    const caseRow = group[0] as DueRow;
    const ladder = group.filter((k) => !handlerOf(k.clock_kind));
    if (ladder.length > 0)
      add(
        caseRow.id,
        on === "due"
          ? { type: "clocksDue", clocks: ladder.map(dueClock) }
          : { type: "clocksWarn", clockIds: ladder.map((k) => k.clock_id) },
      );
    for (const h of PROCEDURE_CLOCKS) {
      const mine = group.filter((k) => h.kinds.includes(k.clock_kind));
      if (mine.length === 0) continue;
      const list = byHandler.get(h);
      const item = { caseRow, clocks: mine.map(dueClock) };
      if (list) list.push(item);
      else byHandler.set(h, [item]);
    }
  }
  for (const [h, items] of byHandler) {
    const results = await h.onClocks({ ctx, tx, now, on, items });
    for (const { caseRow, clocks } of items) {
      const r = results.get(caseRow.id) ?? { type: "procedure" as const, events: [] };
      // The sweep spends the clocks it claimed, whatever the procedure made of them.
      const spent = clocks.map((k) =>
        on === "due" ? { op: "fire" as const, clockId: k.id } : { op: "warned" as const, clockId: k.id },
      );
      add(caseRow.id, { ...r, clockOps: [...spent, ...(r.clockOps ?? [])] });
    }
  }
  const changes: CaseChange[] = [];
  for (const group of groups.byCase) {
    const row = group[0] as DueRow;
    // A deleted policy must not wedge the sweep: its clocks are spent, nothing else happens.
    const policy = await ctx.rules.policy(row.policy_key);
    const cause = causes.get(row.id) ?? [];
    if (cause.length > 0) changes.push(await transitionCase({ ctx, row, cause, now, policy }));
  }
  await saveCaseChanges(tx, changes, null, now);
  return { clocks: groups.clocks, events: changes.flatMap((c) => c.next.events) };
}
