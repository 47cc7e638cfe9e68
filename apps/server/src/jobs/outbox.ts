import { sql } from "kysely";
import type { AppContext } from "../context";

export interface OutboxAdapter {
  name: string;
  deliver(topic: string, payload: Record<string, unknown>): Promise<void>;
}

/** Default adapter: writes the notice to the log (payloads carry ids and codes, never personal data). */
export function logAdapter(log: (obj: object, msg: string) => void): OutboxAdapter {
  return {
    name: "log",
    async deliver(topic, payload) {
      log({ topic, payload }, "notification");
    },
  };
}

const MAX_BACKOFF_MS = 3600_000;

/** Delivers pending notices; a failure is retried with exponential backoff and stays visible in the row. */
export async function deliverOutbox(ctx: AppContext, adapter: OutboxAdapter, limit = 200): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = ctx.clock.now();
    const rows = await sql<{ id: string; topic: string; payload: Record<string, unknown>; attempts: number }>`
      SELECT id, topic, payload, attempts FROM outbox
      WHERE delivered_at IS NULL AND available_at <= ${now}
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(tx);
    for (const row of rows.rows) {
      try {
        await adapter.deliver(row.topic, row.payload);
        await tx
          .updateTable("outbox")
          .set({ delivered_at: now, attempts: row.attempts + 1 })
          .where("id", "=", row.id)
          .execute();
      } catch (err) {
        const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** row.attempts);
        await tx
          .updateTable("outbox")
          .set({
            attempts: row.attempts + 1,
            last_error: String((err as Error).message ?? err).slice(0, 500),
            available_at: new Date(now.getTime() + backoff),
          })
          .where("id", "=", row.id)
          .execute();
      }
    }
    return rows.rows.length;
  });
}
