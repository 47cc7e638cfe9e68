import { AppError, authorize, parsePolicy, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { audit } from "../audit/audit";

export function policiesRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/policies", { schema: { tags: ["policies"] } }, async (req) => {
      requireUser(req);
      const rows = await ctx.db
        .selectFrom("policies")
        .select(["key", "definition", "updated_at"])
        .orderBy("key")
        .execute();
      return {
        items: rows.map((r) => ({
          ...parsePolicy(r.definition),
          updatedAt: new Date(r.updated_at).toISOString(),
        })),
      };
    });

    // Ladders are data: an administrator edits them; core validates them before they are stored.
    app.put(
      "/policies/:key",
      {
        schema: {
          tags: ["policies"],
          params: z.object({ key: ZText.min(1).max(64) }),
          body: z.unknown(),
        },
      },
      async (req) => {
        const actor = requireUser(req);
        authorize(actor, "policy.manage", { regionPath: actor.regionPath });
        const policy = parsePolicy(req.body);
        if (policy.key !== req.params.key) {
          throw new AppError("INVALID_INPUT", {
            zh: "规则标识与地址不一致",
            en: "Policy key does not match the URL",
          });
        }
        const now = ctx.clock.now();
        await ctx.db.transaction().execute(async (tx) => {
          await tx
            .insertInto("policies")
            .values({ key: policy.key, definition: JSON.stringify(policy), updated_at: now })
            .onConflict((oc) =>
              oc.column("key").doUpdateSet({ definition: JSON.stringify(policy), updated_at: now }),
            )
            .execute();
          await audit(tx, {
            at: now,
            actorId: actor.userId,
            action: "policy.saved",
            entity: "policy",
            entityId: policy.key,
            data: policy,
          });
        });
        ctx.rules.invalidate();
        return policy;
      },
    );
  };
}
