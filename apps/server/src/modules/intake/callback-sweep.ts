import type { AppContext } from "../../context";
import type { Tx } from "../../db/database";
import { type DueRow, lockDueClocks } from "../../jobs/due-clocks";
import { currentWarning } from "../cases/case-effects";
import { type CaseChange, fieldsOf, saveCaseChanges, stateOf } from "../cases/case-store";
import { CALLBACK_KIND } from "./qr-case";

const OPEN = new Set(["submitted", "accepted", "mediating"]);

/**
 * 码上反映: a callback clock that ran out means nobody called the citizen back in time. The case
 * stays on its ladder step; the timeline records the miss and the responsibility chain (village,
 * then the township center) is alerted. Same pattern as the ladder sweep: SKIP LOCKED batches,
 * the clock marked fired in the same transaction, so reruns and parallel processes do nothing twice.
 */
export async function sweepCallbacks(ctx: AppContext, o: { batchSize?: number } = {}): Promise<number> {
  const batchSize = o.batchSize ?? 1000;
  let total = 0;
  for (;;) {
    const now = ctx.clock.now();
    const n = await ctx.db.transaction().execute((tx) => callbackBatch(tx, now, batchSize));
    total += n.overdue;
    if (n.clocks < batchSize) return total;
  }
}

async function callbackBatch(tx: Tx, now: Date, limit: number) {
  const due = await lockDueClocks(tx, { on: "due", kinds: [CALLBACK_KIND], now, limit });
  let overdue = 0;
  const changes: CaseChange[] = due.byCase.map((group) => {
    const first = group[0] as DueRow;
    const open = OPEN.has(first.status);
    if (open) overdue += 1;
    const dueAt = new Date(first.clock_due_at);
    const state = stateOf(first);
    const fields = fieldsOf(first);
    // A case settled before anyone called back needs no alarm; the clock is spent all the same.
    const events: CaseChange["events"] = open
      ? [{ type: "case.callback_overdue", at: now, data: { dueAt } }]
      : [];
    // A missed callback is a missed deadline: the case turns red like a ladder step that ran out.
    if (open) {
      fields.missed_deadline = true;
      fields.warning = currentWarning(state, fields, now);
      if (fields.warning !== first.warning) {
        events.push({
          type: "case.warning_changed",
          at: now,
          data: { from: first.warning, to: fields.warning },
        });
      }
    }
    return {
      before: first,
      state,
      fields,
      events,
      clockOps: group.map((k) => ({ op: "fire" as const, clockId: k.clock_id })),
      newClocks: [],
      outbox: open
        ? [
            {
              topic: "case.callback_overdue",
              payload: {
                caseId: first.id,
                code: first.code,
                regionCode: first.region_code,
                notify: ["village", "township"],
              },
            },
          ]
        : [],
    };
  });
  await saveCaseChanges(tx, changes, null, now);
  return { clocks: due.clocks, overdue };
}
