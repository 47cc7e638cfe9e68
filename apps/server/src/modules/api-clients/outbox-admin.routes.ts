import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { iso, requireAdmin } from "./api-clients.routes";

const ZQuery = z.object({
  failed: z.enum(["0", "1"]).default("0"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * GET /api/v1/admin/outbox?failed=1 — notices not delivered yet after an error, so an SMS gateway
 * outage never passes silently. Payloads stay out: they carry sealed phone numbers.
 */
export function outboxAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/admin/outbox", { schema: { tags: ["admin"], querystring: ZQuery } }, async (req) => {
      requireAdmin(req);
      let q = ctx.db
        .selectFrom("outbox")
        .select(["id", "topic", "created_at", "available_at", "attempts", "delivered_at", "last_error"])
        .orderBy("id", "desc")
        .limit(req.query.limit);
      if (req.query.failed === "1")
        q = q.where("delivered_at", "is", null).where("last_error", "is not", null);
      const rows = await q.execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          topic: r.topic,
          createdAt: iso(r.created_at),
          nextAttemptAt: iso(r.available_at),
          attempts: r.attempts,
          deliveredAt: iso(r.delivered_at),
          lastError: r.last_error,
        })),
      };
    });
  };
}
