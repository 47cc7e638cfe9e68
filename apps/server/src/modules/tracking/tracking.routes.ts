import { ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { rateCase } from "./tracking.commands";
import { presentTracking, RATINGS } from "./tracking.presenter";
import { trackedCase } from "./tracking.repository";
import { verifyTracking } from "./tracking-guard";

// The case code and one proof: the reporter's last 4 phone digits, or the 6-digit 查询码 (anonymous).
const ZProof = z.object({
  code: ZText.trim().min(1).max(40),
  phoneLast4: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
  pin: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
});
const proofGiven = (b: { phoneLast4?: string | undefined; pin?: string | undefined }) =>
  b.phoneLast4 !== undefined || b.pin !== undefined;
const PROOF_MISSING = { message: "phoneLast4 or pin is required", path: ["phoneLast4"] };
const ZTrack = ZProof.refine(proofGiven, PROOF_MISSING);
const ZRate = ZProof.extend({
  rating: z.enum(RATINGS),
  comment: ZText.trim().max(500).default(""),
}).refine(proofGiven, PROOF_MISSING);

// Per IP, on top of the per-code lock-out and the global cap of tracking-guard.ts (which hold
// whatever address a client claims).
const LIMIT = { rateLimit: { max: 30, timeWindow: "10 minutes" } };

/** 进度查询 and 评价: code + the last 4 digits of the reporter's phone, no login. */
export function trackingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/track",
      { schema: { tags: ["public"], body: ZTrack }, config: LIMIT, bodyLimit: 4096 },
      async (req) => {
        const caseId = await verifyTracking(ctx, req.body, req.log);
        const row = await trackedCase(ctx.db, caseId, { forUpdate: false });
        return presentTracking(ctx.db, row, await ctx.rules.policy(row.policy_key));
      },
    );

    app.post(
      "/track/rate",
      { schema: { tags: ["public"], body: ZRate }, config: LIMIT, bodyLimit: 8192 },
      async (req) => {
        const caseId = await verifyTracking(ctx, req.body, req.log);
        return rateCase({ ctx, caseId, rating: req.body.rating, comment: req.body.comment });
      },
    );
  };
}
