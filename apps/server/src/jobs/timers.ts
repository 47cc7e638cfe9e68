import type { AppContext } from "../context";
import { deliverBriefIfDue } from "../modules/dashboard/brief";
import { evaluateRisks, nightlyRiskSweep } from "../modules/dashboard/risk-eval";
import { foldRollup, snapshotOpen } from "../modules/dashboard/rollup";
import { runRetention } from "../modules/safety/retention";
import { sweepClocks } from "./clock-sweep";
import { deliverOutbox, notifyAdapter } from "./outbox";

type Log = (obj: object, msg: string) => void;

/**
 * A job on its own timer that never overlaps itself: a slow run skips ticks instead of piling up.
 * Each job has its own timer so one cannot hold up another — a hung SMS gateway must not delay an
 * escalation. Stopping waits for a run in flight (up to `graceMs`), so a shutdown closes the
 * database after the last write, not under it.
 */
export function every(ms: number, run: () => Promise<void>, onError: (err: unknown) => void) {
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= (async () => {
      try {
        await run();
      } catch (err) {
        onError(err);
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, ms);
  tick();
  return async (graceMs = 10_000) => {
    clearInterval(timer);
    if (running) await Promise.race([running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  };
}

/** The clock sweep and notice delivery run in every process; SKIP LOCKED lets several share them. */
export function startJobs(ctx: AppContext, log: Log, onError: (err: unknown) => void) {
  const adapter = notifyAdapter(ctx.config, ctx.pd, log);
  // Drain what is due now; the next tick takes what arrives meanwhile. One drain at a time in this
  // process, so the first round below can wait for the one in flight.
  let draining: Promise<void> | null = null;
  const drain = () =>
    (draining ??= (async () => {
      try {
        while ((await deliverOutbox(ctx, adapter)) > 0);
      } finally {
        draining = null;
      }
    })());
  let swept: () => void = () => {};
  const firstSweep = new Promise<void>((resolve) => {
    swept = resolve;
  });
  const stops = [
    every(
      ctx.config.sweepIntervalMs,
      async () => {
        try {
          await ctx.clock.refresh();
          const r = await sweepClocks(ctx);
          if (Object.values(r).some((n) => n > 0)) log(r, "clock sweep");
        } finally {
          swept();
        }
      },
      onError,
    ),
    every(ctx.config.sweepIntervalMs, drain, onError),
    // Fold the rollup's deltas, then evaluate the risk rules of the cases they came from.
    every(
      ctx.config.sweepIntervalMs,
      async () => {
        const { caseIds } = await foldRollup(ctx.db);
        await evaluateRisks(ctx, caseIds, ctx.clock.now());
      },
      onError,
    ),
    // Today's open-case snapshot per region, overwritten hourly: the last run of a day stays.
    // and the weekly brief into the outbox once its weekday and hour have come (see brief.ts).
    every(
      3_600_000,
      async () => {
        await snapshotOpen(ctx.db, ctx.clock.now());
        await deliverBriefIfDue(ctx);
        await nightlyRiskSweep(ctx, ctx.clock.now());
        const kept = await runRetention(ctx);
        if (kept.cases > 0) log(kept, "retention: closed cases anonymised");
      },
      onError,
    ),
  ];
  return {
    /**
     * The first sweep and the delivery of what it and the backlog wrote (after downtime, or the demo's
     * first start: dozens of notices). `fengqiao start` waits for it, briefly, so the log lines come
     * before its banner and the banner is what a person sees last.
     */
    firstRound: firstSweep
      .then(async () => {
        await draining;
        await drain();
      })
      .catch(() => {}),
    /** Stops every timer and waits for the runs in flight. */
    stop: async () => {
      await Promise.all(stops.map((stop) => stop()));
      // The first round's drain runs beside the timers: a shutdown waits for it too, as long as for them.
      if (draining) await Promise.race([draining, new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}
