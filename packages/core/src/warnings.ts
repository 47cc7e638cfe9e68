/** 红黄蓝 warnings: blue on track, yellow a clock nearly spent, red needs the next level now. */
export const WARNINGS = ["blue", "yellow", "red"] as const;
export type Warning = (typeof WARNINGS)[number];

export interface WarningInput {
  now: Date;
  warnAt: Date | null;
  dueAt: Date | null;
  paused: boolean;
  failedMediation: boolean;
  highRisk: boolean;
  overallDueAt?: Date | null;
  /**
   * When paused, the clock stopped here: yellow is judged at this instant (default `now`), so a
   * case waiting for its parties does not turn yellow while it waits; it never goes red by time.
   */
  pausedAt?: Date | null;
}

function reached(t: Date, limit: Date | null | undefined): boolean {
  return limit != null && t.getTime() >= limit.getTime();
}

export function warningLevel(i: WarningInput): Warning {
  // Failed 首调 and high risk are red whatever the clocks say.
  if (i.failedMediation || i.highRisk) return "red";
  if (i.paused) {
    return reached(i.pausedAt ?? i.now, i.warnAt) ? "yellow" : "blue";
  }
  if (reached(i.now, i.dueAt) || reached(i.now, i.overallDueAt)) return "red";
  return reached(i.now, i.warnAt) ? "yellow" : "blue";
}
