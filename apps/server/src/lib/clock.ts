import { AppError, durationMs, parseDuration } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db } from "../db/database";

/**
 * The one source of `now` on the server. In test-clock mode an offset (shared through the
 * `settings` table, so the CLI and every process agree) moves time forward.
 */
export interface ServerClock {
  now(): Date;
  readonly testMode: boolean;
  /** Re-read the shared offset; called by the sweep and before test-clock reads. */
  refresh(): Promise<void>;
  advance(ms: number): Promise<Date>;
}

const KEY = "test_clock_offset_ms";

export function serverClock(db: Db, testMode: boolean): ServerClock {
  let offset = 0;
  return {
    testMode,
    now: () => new Date(Date.now() + offset),
    async refresh() {
      if (!testMode) return;
      const row = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
      offset = row ? Number(row.value) : 0;
    },
    async advance(ms) {
      if (!testMode) throw new Error("test clock disabled");
      const r = await sql<{ value: number }>`
        INSERT INTO settings (key, value) VALUES (${KEY}, to_jsonb(${ms}::bigint))
        ON CONFLICT (key) DO UPDATE SET value = to_jsonb(settings.value::text::bigint + ${ms}::bigint)
        RETURNING value`.execute(db);
      const row = { value: r.rows[0]?.value ?? ms };
      offset = Number(row.value);
      return new Date(Date.now() + offset);
    },
  };
}

/**
 * How far `fengqiao clock advance` and `POST /admin/clock/advance` may move the test clock:
 * forward only (clocks already fired cannot un-fire). Throws INVALID_INPUT otherwise.
 */
export function forwardDurationMs(by: string): number {
  const d = parseDuration(by);
  if (d.sign < 0)
    throw new AppError("INVALID_INPUT", { zh: "时钟只能向前拨", en: "The clock only moves forward" });
  return durationMs(d);
}
