import {
  type CalendarOptions,
  DEFAULT_POLICIES,
  durationMs,
  MASHANG_FANYING,
  parseDuration,
  parsePolicy,
  type TPolicy,
  XINFANG,
} from "@fengqiao/core";
import type { Db, Tx } from "../../db/database";

// Policies and local calendar days change rarely and are read on every command and sweep;
// a short cache keeps them off the hot path, and admins' edits call invalidate().
const TTL_MS = 30_000;

export interface Rules {
  policy(key: string): Promise<TPolicy | null>;
  calendar(policy: TPolicy): Promise<CalendarOptions>;
  invalidate(): void;
}

export function rulesCache(db: Db): Rules {
  let policies: { at: number; map: Map<string, TPolicy> } | null = null;
  let days: { at: number; holidays: string[]; workdays: string[] } | null = null;
  const fresh = (at: number | undefined) => at !== undefined && Date.now() - at < TTL_MS;
  return {
    async policy(key) {
      if (!fresh(policies?.at)) {
        const rows = await db.selectFrom("policies").select(["key", "definition"]).execute();
        policies = { at: Date.now(), map: new Map(rows.map((r) => [r.key, parsePolicy(r.definition)])) };
      }
      return policies?.map.get(key) ?? null;
    },
    async calendar(policy) {
      if (!fresh(days?.at)) {
        const rows = await db.selectFrom("calendar_days").select(["day", "kind"]).execute();
        const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
        days = {
          at: Date.now(),
          holidays: rows.filter((r) => r.kind === "holiday").map((r) => iso(r.day)),
          workdays: rows.filter((r) => r.kind === "workday").map((r) => iso(r.day)),
        };
      }
      return {
        counting: policy.counting,
        officialCalendar: true,
        localHolidays: days?.holidays ?? [],
        localWorkdays: days?.workdays ?? [],
      };
    },
    invalidate() {
      policies = null;
      days = null;
    },
  };
}

/** 码上反映's callback limit in minutes, as its policy sets it (posters and the report page say it). */
export async function callbackMinutes(rules: Rules): Promise<number | null> {
  const limit = (await rules.policy(MASHANG_FANYING.key))?.callbackLimit;
  return limit ? Math.round(durationMs(parseDuration(limit)) / 60_000) : null;
}

/** Installs the built-in policies (四级七天 …) without overwriting local edits. */
export async function ensureDefaultPolicies(db: Db | Tx) {
  await db
    .insertInto("policies")
    .values(
      [...DEFAULT_POLICIES, MASHANG_FANYING, XINFANG].map((p) => ({
        key: p.key,
        definition: JSON.stringify(p),
      })),
    )
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}
