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
/** How long a claimed notice is this process's to deliver; after that (a crash), another may retry it. */
const CLAIM_MS = 5 * 60_000;

/**
 * Delivers pending notices. Rows are claimed in a short transaction (moved `CLAIM_MS` into the
 * future, SKIP LOCKED) and delivered after it commits, one by one: a hung SMS gateway holds no lock
 * and no connection, and never delays the clock sweep, which runs on its own timer. A failure is
 * retried with exponential backoff and stays visible in the row; a crash mid-delivery means the
 * notice goes out again once its claim lapses (at least once, never lost).
 */
export async function deliverOutbox(ctx: AppContext, adapter: OutboxAdapter, limit = 200): Promise<number> {
  const claimedAt = ctx.clock.now();
  const rows = await sql<{ id: string; topic: string; payload: Record<string, unknown>; attempts: number }>`
    UPDATE outbox o SET available_at = ${new Date(claimedAt.getTime() + CLAIM_MS)}
    FROM (
      SELECT id FROM outbox WHERE delivered_at IS NULL AND available_at <= ${claimedAt}
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) due
    WHERE o.id = due.id
    RETURNING o.id, o.topic, o.payload, o.attempts`.execute(ctx.db);
  const claimed = [...rows.rows].sort((a, b) => Number(a.id) - Number(b.id));
  for (const row of claimed) {
    try {
      await adapter.deliver(row.topic, row.payload);
      await ctx.db
        .updateTable("outbox")
        .set({ delivered_at: ctx.clock.now(), attempts: row.attempts + 1 })
        .where("id", "=", row.id)
        .execute();
    } catch (err) {
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** row.attempts);
      await ctx.db
        .updateTable("outbox")
        .set({
          attempts: row.attempts + 1,
          last_error: String((err as Error).message ?? err).slice(0, 500),
          available_at: new Date(ctx.clock.now().getTime() + backoff),
        })
        .where("id", "=", row.id)
        .execute();
    }
  }
  return claimed.length;
}
