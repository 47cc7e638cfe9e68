import { AppError, authorize, ZClockInfo, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { sweepClocks } from "../../jobs/clock-sweep";
import { forwardDurationMs } from "../../lib/clock";
import { requireUser } from "../../plugins/auth";
import { audit, verifyAuditChain } from "../audit/audit";

export function adminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const requireAdmin = (
      req: Parameters<typeof requireUser>[0],
      action: "clock.advance" | "audit.verify",
    ) => {
      const actor = requireUser(req);
      authorize(actor, action, { regionPath: actor.regionPath });
      return actor;
    };

    app.get("/admin/clock", { schema: { tags: ["admin"], response: { 200: ZClockInfo } } }, async (req) => {
      requireUser(req);
      await ctx.clock.refresh();
      return { now: ctx.clock.now().toISOString(), testClock: ctx.clock.testMode };
    });

    // Test clock: moves the server's time forward and runs the sweep, so a week of the ladder takes seconds.
    app.post(
      "/admin/clock/advance",
      { schema: { tags: ["admin"], body: z.object({ by: ZText.min(2).max(30) }) } },
      async (req) => {
        const actor = requireAdmin(req, "clock.advance");
        if (!ctx.clock.testMode) throw new AppError("TEST_CLOCK_DISABLED");
        const ms = forwardDurationMs(req.body.by);
        await ctx.clock.refresh();
        const now = await ctx.clock.advance(ms);
        await audit(ctx.db, {
          at: now,
          actorId: actor.userId,
          action: "clock.advanced",
          entity: "clock",
          data: { by: req.body.by },
        });
        const swept = await sweepClocks(ctx);
        return { now: now.toISOString(), swept };
      },
    );

    app.post("/admin/sweep", { schema: { tags: ["admin"] } }, async (req) => {
      requireAdmin(req, "clock.advance");
      await ctx.clock.refresh();
      return sweepClocks(ctx);
    });

    app.get("/admin/audit/verify", { schema: { tags: ["admin"] } }, async (req) => {
      requireAdmin(req, "audit.verify");
      return verifyAuditChain(ctx.db);
    });
  };
}
