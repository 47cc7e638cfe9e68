import { type CaseState, decide } from "@fengqiao/core";
import type { AppContext } from "../context";
import type { Tx } from "../db/database";
import type { NewEvent } from "../modules/audit/audit";
import { clockOnly, currentWarning, notifyStep, stepClockRow } from "../modules/cases/case-effects";
import { type CaseChange, fieldsOf, saveCaseChanges, stateOf } from "../modules/cases/case-store";
import { sweepCallbacks } from "../modules/intake/callback-sweep";
import { type DueRow, lockDueClocks } from "./due-clocks";

export interface SweepResult {
  escalated: number;
  overdue: number;
  warned: number;
  /** 码上反映 callbacks nobody made in time (modules/intake runs those clocks). */
  callbacksOverdue: number;
}

const OPEN = new Set(["submitted", "accepted", "mediating"]);

/**
 * Runs every due clock: overdue ladder steps escalate by themselves, the last step and the overall
 * clock turn the case red, and clocks past their warn point turn it yellow. Batches lock their rows
 * with SKIP LOCKED, so several processes share the work and never act on one clock twice; a rerun
 * finds nothing left to do, and after downtime it catches up batch by batch.
 */
export async function sweepClocks(
  ctx: AppContext,
  o: { batchSize?: number; workers?: number } = {},
): Promise<SweepResult> {
  const total: SweepResult = { escalated: 0, overdue: 0, warned: 0, callbacksOverdue: 0 };
  total.callbacksOverdue = await sweepCallbacks(ctx, o);
  const batchSize = o.batchSize ?? 2000;
  // Two batches in flight keep both the database and this process busy during a burst (after a
  // holiday, thousands of clocks run out at once); SKIP LOCKED hands each worker different rows.
  const worker = async () => {
    for (;;) {
      const now = ctx.clock.now();
      const r = await ctx.db.transaction().execute((tx) => dueBatch(ctx, tx, now, batchSize));
      total.escalated += r.escalated;
      total.overdue += r.overdue;
      // Keep going while anything was due: an escalation after downtime may already be due again.
      if (r.clocks === 0) return;
    }
  };
  await Promise.all(Array.from({ length: o.workers ?? 2 }, worker));
  for (;;) {
    const now = ctx.clock.now();
    const r = await ctx.db.transaction().execute((tx) => warnBatch(tx, now, batchSize));
    total.warned += r.warned;
    if (r.clocks < batchSize) break;
  }
  return total;
}

async function dueBatch(ctx: AppContext, tx: Tx, now: Date, limit: number) {
  const groups = await lockDueClocks(tx, { on: "due", kinds: ["step", "overall"], now, limit });
  const result = { clocks: groups.clocks, escalated: 0, overdue: 0 };
  const changes: CaseChange[] = [];
  for (const group of groups.byCase) {
    const first = group[0] as DueRow;
    let state: CaseState = stateOf(first);
    const fields = fieldsOf(first);
    const change: CaseChange = {
      before: first,
      state,
      fields,
      events: [],
      clockOps: [],
      newClocks: [],
      outbox: [],
    };
    changes.push(change);
    const policy = await ctx.rules.policy(first.policy_key);
    if (!policy) {
      // A deleted policy must not wedge the sweep: the clocks are spent, nothing else happens.
      change.clockOps = group.map((k) => ({ op: "fire", clockId: k.clock_id }));
      continue;
    }
    const cal = await ctx.rules.calendar(policy);
    for (const k of group) {
      change.clockOps.push({ op: "fire", clockId: k.clock_id });
      const dueAt = new Date(k.clock_due_at);
      if (k.clock_kind === "step" && k.clock_step === state.step && OPEN.has(state.status)) {
        fields.missed_deadline = true;
        if (state.step < state.stepCount) {
          const next = decide(state, { type: "escalate", reason: "超时自动上报 / overdue", auto: true }, now);
          state = next.state;
          change.events.push(...withDue(next.events, dueAt));
          // The next step's clock starts when the last one ran out, so catching up keeps the ladder's time.
          const clock = stepClockRow(policy, state.step, dueAt, cal);
          fields.step_due_at = clock?.due_at ?? null;
          fields.step_warn_at = clock?.warn_at ?? null;
          fields.calendar_unknown_years = clock?.unknownYears ?? [];
          if (clock) change.newClocks.push(clockOnly(clock));
          change.outbox.push(notifyStep(first, policy, state.step, "overdue"));
          result.escalated += 1;
        } else {
          change.events.push({ type: "case.step_overdue", at: now, data: { step: state.step, dueAt } });
          change.outbox.push({
            topic: "case.overdue",
            payload: { caseId: first.id, code: first.code, step: state.step },
          });
          result.overdue += 1;
        }
      } else if (k.clock_kind === "overall" && OPEN.has(state.status)) {
        fields.missed_deadline = true;
        change.events.push({ type: "case.overall_overdue", at: now, data: { dueAt } });
        change.outbox.push({
          topic: "case.overdue",
          payload: { caseId: first.id, code: first.code, overall: true },
        });
        result.overdue += 1;
      }
    }
    change.state = state;
    fields.warning = currentWarning(state, fields, now);
    if (fields.warning !== first.warning && change.events.length > 0) {
      change.events.push({
        type: "case.warning_changed",
        at: now,
        data: { from: first.warning, to: fields.warning },
      });
    }
  }
  await saveCaseChanges(tx, changes, null, now);
  return result;
}

async function warnBatch(tx: Tx, now: Date, limit: number) {
  const groups = await lockDueClocks(tx, { on: "warn", kinds: ["step"], now, limit });
  const changes: CaseChange[] = [];
  let warned = 0;
  for (const group of groups.byCase) {
    const first = group[0] as DueRow;
    const state = stateOf(first);
    const fields = fieldsOf(first);
    const events: NewEvent[] = [];
    fields.warning = currentWarning(state, fields, now);
    if (fields.warning !== first.warning) {
      events.push({
        type: "case.warning_changed",
        at: now,
        data: { from: first.warning, to: fields.warning },
      });
      warned += 1;
    }
    const clockOps = group.map((k) => ({ op: "warned" as const, clockId: k.clock_id }));
    changes.push({ before: first, state, fields, events, clockOps, newClocks: [], outbox: [] });
  }
  await saveCaseChanges(tx, changes, null, now);
  return { clocks: groups.clocks, warned };
}

const withDue = (events: NewEvent[], dueAt: Date) =>
  events.map((e) => ({ ...e, data: { ...e.data, dueAt } }));
