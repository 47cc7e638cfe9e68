import type { CaseDetail, ClockView } from "../../api/types";

/** The case's latest callback clock (码上反映: call the citizen back within 30 minutes), if any. */
export function callbackClock(c: CaseDetail): ClockView | undefined {
  return c.clocks.filter((k) => k.kind === "callback").at(-1);
}

export type CallbackState = "pending" | "missed" | "done" | "doneLate";

/**
 * Where the latest callback clock stands. A fired clock is stopped too, so only a stop without a fire
 * means "called back in time"; a call after the fire is a late one. A citizen's 不满意 starts a fresh
 * clock, so earlier calls do not count for it.
 */
export function callbackState(
  c: CaseDetail,
  clock: ClockView,
  now: Date,
): { state: CallbackState; at: string | null } {
  if (clock.firedAt) {
    const late = c.timeline.find((e) => e.type === "case.called_back" && e.at >= (clock.firedAt ?? ""));
    return late ? { state: "doneLate", at: late.at } : { state: "missed", at: null };
  }
  if (clock.stoppedAt) return { state: "done", at: clock.stoppedAt };
  const overdue = clock.dueAt !== null && new Date(clock.dueAt) <= now;
  return { state: overdue ? "missed" : "pending", at: null };
}
