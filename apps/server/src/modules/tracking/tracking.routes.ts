import { ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { rateCase } from "./tracking.commands";
import { presentTracking, RATINGS } from "./tracking.presenter";
import { findTrackedCase } from "./tracking.repository";

const ZTrack = z.object({
  code: ZText.trim().min(1).max(40),
  phoneLast4: z.string().regex(/^\d{4}$/),
});
const ZRate = ZTrack.extend({
  rating: z.enum(RATINGS),
  comment: ZText.trim().max(500).default(""),
});

// Guessing 4 digits for a known code takes thousands of tries: a per-IP limit keeps that out of reach.
const LIMIT = { rateLimit: { max: 30, timeWindow: "10 minutes" } };

/** 进度查询 and 评价: code + the last 4 digits of the reporter's phone, no login. */
export function trackingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/track",
      { schema: { tags: ["public"], body: ZTrack }, config: LIMIT, bodyLimit: 4096 },
      async (req) => {
        const row = await findTrackedCase(ctx.db, req.body.code, req.body.phoneLast4, { forUpdate: false });
        return presentTracking(ctx.db, row, await ctx.rules.policy(row.policy_key));
      },
    );

    app.post(
      "/track/rate",
      { schema: { tags: ["public"], body: ZRate }, config: LIMIT, bodyLimit: 8192 },
      async (req) => rateCase({ ctx, ...req.body }),
    );
  };
}
