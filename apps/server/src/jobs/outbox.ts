import { sql } from "kysely";
import type { Config } from "../config";
import type { AppContext } from "../context";
import type { PersonalData } from "../lib/personal-data";

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

/**
 * Webhook adapter: POSTs `{ id, topic, payload }` as JSON to one URL — typically a small bridge to an
 * SMS gateway or a messaging bot. A non-2xx answer or a timeout is a failure: the row is retried with
 * backoff and its error shows in GET /api/v1/admin/outbox?failed=1. Sealed phone numbers are opened
 * here, at the last moment, so they travel in clear only to the gateway.
 */
export function webhookAdapter(o: { url: string; pd: PersonalData; timeoutMs?: number }): OutboxAdapter {
  return {
    name: "webhook",
    async deliver(topic, payload) {
      const res = await fetch(o.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ topic, payload: openSealed(payload, o.pd) }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

function openSealed(payload: Record<string, unknown>, pd: PersonalData): Record<string, unknown> {
  const to = payload.to as { phoneEnc?: unknown } | undefined;
  if (!to || typeof to.phoneEnc !== "string") return payload;
  return { ...payload, to: { phone: pd.decrypt(to.phoneEnc) } };
}

/** The adapter configuration asks for (FENGQIAO_NOTIFY_ADAPTER). */
export function notifyAdapter(
  config: Pick<Config, "notifyAdapter" | "notifyWebhookUrl">,
  pd: PersonalData,
  log: (obj: object, msg: string) => void,
): OutboxAdapter {
  if (config.notifyAdapter === "webhook" && config.notifyWebhookUrl) {
    return webhookAdapter({ url: config.notifyWebhookUrl, pd });
  }
  return logAdapter(log);
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
