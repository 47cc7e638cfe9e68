// Leaders' figures (issue 11): what one case contributes (its "facts") and the KPIs computed from
// sums of facts. The server's rollup sums the same facts in SQL (migrations/0012_lead_rollups.sql,
// rollup_fact_of); apps/server/test/lead-rollup.test.ts checks that both agree on every case.

export const MEASURE_KEYS = [
  "n",
  "pending",
  "open",
  "redOpen",
  "overdueOpen",
  "missed",
  "beyond",
  "reopened",
  "resolved7",
  "cbDone",
  "cbOnTime",
  "rated",
  "satisfied",
  "handlingMin",
  "h4",
  "h24",
  "h48",
  "h72",
  "h120",
  "h168",
  "h336",
  "h720",
  "hmore",
] as const;
export type MeasureKey = (typeof MEASURE_KEYS)[number];
export type Measures = Record<MeasureKey, number>;

/** Upper bounds (hours) of the handling-time histogram; the last bucket is open. */
export const HANDLING_BUCKETS = [
  ["h4", 4],
  ["h24", 24],
  ["h48", 48],
  ["h72", 72],
  ["h120", 120],
  ["h168", 168],
  ["h336", 336],
  ["h720", 720],
  ["hmore", Number.POSITIVE_INFINITY],
] as const satisfies readonly (readonly [MeasureKey, number])[];

export interface FactInput {
  status: string;
  outcome: string | null;
  pausedFrom: string | null;
  warning: string;
  missedDeadline: boolean;
  step: number;
  stepCount: number;
  reopenCount: number;
  channel: string;
  createdAt: Date;
  resolvedAt: Date | null;
  callbackDueAt: Date | null;
  callbackEverMissed: boolean;
  rating: string | null;
}

const OPEN = new Set(["submitted", "accepted", "mediating", "paused"]);
const DAY_MS = 86_400_000;

export const emptyMeasures = (): Measures => Object.fromEntries(MEASURE_KEYS.map((k) => [k, 0])) as Measures;

/** One case's contribution: 0/1 per measure (handling minutes aside). */
export function caseFacts(c: FactInput): Measures {
  const m = emptyMeasures();
  const open = OPEN.has(c.status);
  const resolved = c.outcome === "resolved";
  const hours =
    resolved && c.resolvedAt ? (c.resolvedAt.getTime() - c.createdAt.getTime()) / 3_600_000 : null;
  const qrDone = c.channel === "qr" && c.callbackDueAt === null;
  m.n = 1;
  m.pending = +(
    c.outcome === null &&
    (c.status === "submitted" || (c.status === "paused" && c.pausedFrom === "submitted"))
  );
  m.open = +open;
  m.redOpen = +(open && c.warning === "red");
  m.overdueOpen = +(open && c.missedDeadline);
  m.missed = +c.missedDeadline;
  m.beyond = +(c.step > c.stepCount);
  m.reopened = +(c.reopenCount > 0);
  m.resolved7 = +(hours !== null && hours * 3_600_000 <= 7 * DAY_MS);
  m.cbDone = +qrDone;
  m.cbOnTime = +(qrDone && !c.callbackEverMissed);
  m.rated = +(c.rating !== null);
  m.satisfied = +(c.rating === "satisfied" || c.rating === "basically_satisfied");
  if (hours !== null) {
    m.handlingMin = Math.round(hours * 60);
    const bucket = HANDLING_BUCKETS.find(([, upper]) => hours <= upper);
    if (bucket) m[bucket[0]] = 1;
  }
  return m;
}

export function addMeasures(a: Measures, b: Partial<Measures>): Measures {
  const out = { ...a };
  for (const k of MEASURE_KEYS) out[k] += Number(b[k] ?? 0);
  return out;
}

/** A rollup group: the dimensions the KPIs split on, and its summed measures. */
export interface KpiRow {
  status: string;
  /** "" when the case has no outcome (open). */
  outcome: string;
  /** 0 when not settled. */
  settledStep: number;
  m: Measures;
}

/** Median handling time (hours) from the histogram, interpolated linearly inside its bucket. */
export function medianHours(m: Measures): number | null {
  const total = HANDLING_BUCKETS.reduce((s, [k]) => s + m[k], 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  let lower = 0;
  for (const [k, upper] of HANDLING_BUCKETS) {
    const count = m[k];
    if (seen + count >= half && count > 0) {
      if (!Number.isFinite(upper)) return lower;
      return Math.round((lower + ((half - seen) / count) * (upper - lower)) * 10) / 10;
    }
    seen += count;
    lower = upper;
  }
  return lower;
}

const rate = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 1000) / 1000);

export interface Kpis {
  received: number;
  accepted: number;
  pending: number;
  notAccepted: number;
  merged: number;
  referred: number;
  resolved: number;
  closedNotResolved: number;
  open: number;
  red: number;
  overdue: number;
  beyond: number;
  reopened: number;
  settledSteps: Record<string, number>;
  closure7Rate: number | null;
  villageRate: number | null;
  townshipRate: number | null;
  notUpwardRate: number | null;
  callbackOnTimeRate: number | null;
  satisfactionRate: number | null;
  reopenRate: number | null;
  medianHandlingHours: number | null;
}

/**
 * KPIs of a set of cases (given as rollup groups). `matured` are the groups of cases received at
 * least 7 days before the figures' date: the 7-day closure rate only judges cases whose 7 days are up.
 */
export function kpis(rows: KpiRow[], matured: KpiRow[] = rows): Kpis {
  let m = emptyMeasures();
  let resolved = 0;
  let rejected = 0;
  let merged = 0;
  let referred = 0;
  let closedNotResolved = 0;
  const settledSteps: Record<string, number> = {};
  for (const r of rows) {
    m = addMeasures(m, r.m);
    if (r.outcome === "resolved") {
      resolved += r.m.n;
      const s = String(r.settledStep);
      settledSteps[s] = (settledSteps[s] ?? 0) + r.m.n;
    }
    if (r.outcome === "rejected") rejected += r.m.n;
    if (r.outcome === "merged") merged += r.m.n;
    if (r.outcome === "referred") referred += r.m.n;
    if (r.status === "closed" && r.outcome !== "resolved") closedNotResolved += r.m.n;
  }
  const upTo = (max: number) =>
    Object.entries(settledSteps).reduce((s, [k, v]) => s + (Number(k) <= max ? v : 0), 0);
  const ripe = matured.reduce((acc, r) => addMeasures(acc, r.m), emptyMeasures());
  return {
    received: m.n,
    accepted: m.n - m.pending - rejected - merged,
    pending: m.pending,
    notAccepted: rejected,
    merged,
    referred,
    resolved,
    closedNotResolved,
    open: m.open,
    red: m.redOpen,
    overdue: m.overdueOpen,
    beyond: m.beyond,
    reopened: m.reopened,
    settledSteps,
    closure7Rate: rate(ripe.resolved7, ripe.n),
    villageRate: rate(upTo(2), resolved),
    townshipRate: rate(upTo(4), resolved),
    notUpwardRate: rate(m.n - m.beyond, m.n),
    callbackOnTimeRate: rate(m.cbOnTime, m.cbDone),
    satisfactionRate: rate(m.satisfied, m.rated),
    reopenRate: rate(m.reopened, m.n),
    medianHandlingHours: medianHours(m),
  };
}
