import {
  AppError,
  can,
  ZCaseSummaries,
  ZCasesLookupQuery,
  ZCasesSimilarQuery,
  ZEscalationChoices,
  ZSimilarCases,
  ZWorkbench,
} from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { presentCaseSummary } from "../cases/cases.presenter";
import { findCaseForActor } from "../cases/cases.repository";
import { escalationChoices } from "./escalation";
import { casesByPhoneHash, similarCases, workbench } from "./workbench.repository";

// Intake helpers read cases like the list does; department handlers only see their unit's cases
// through visibleTo, so the role check is the same one GET /cases makes.
function requireCaseReader(actor: SessionUser) {
  const reader = can(actor, "case.read", { regionPath: actor.regionPath });
  if (!reader && !(actor.roles.includes("department_handler") && actor.unitId)) {
    throw new AppError("FORBIDDEN");
  }
}

export function workbenchRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get("/workbench", { schema: { tags: ["workbench"], response: { 200: ZWorkbench } } }, async (req) => {
      const actor = requireUser(req);
      requireCaseReader(actor);
      const w = await workbench(ctx.db, actor, ctx.clock.now());
      return {
        counts: w.counts,
        queue: w.queue.map((r) => ({
          ...presentCaseSummary(r, ctx.pd),
          callbackDueAt: r.callback_due_at ? new Date(r.callback_due_at).toISOString() : null,
          callbackMissed: Boolean(r.callback_missed),
        })),
        redCount: w.redCount,
      };
    });

    // The phone travels in the query string; request logs keep the path only (see app.ts).
    app.get(
      "/cases-lookup",
      { schema: { tags: ["workbench"], querystring: ZCasesLookupQuery, response: { 200: ZCaseSummaries } } },
      async (req) => {
        const actor = requireUser(req);
        requireCaseReader(actor);
        const rows = await casesByPhoneHash(ctx.db, actor, ctx.pd.lookupHash(req.query.phone));
        return { items: rows.map((r) => presentCaseSummary(r, ctx.pd)) };
      },
    );

    // The escalate dialog's choices, with the step's name and the region that holds it.
    app.get(
      "/cases/:ref/escalation",
      {
        schema: {
          tags: ["workbench"],
          params: z.object({ ref: z.string().min(1).max(64) }),
          response: { 200: ZEscalationChoices },
        },
      },
      async (req) => {
        const actor = requireUser(req);
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        const policy = await ctx.rules.policy(row.policy_key);
        if (!policy) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
        return { choices: await escalationChoices(ctx.db, actor, row, policy) };
      },
    );

    app.get(
      "/cases-similar",
      { schema: { tags: ["workbench"], querystring: ZCasesSimilarQuery, response: { 200: ZSimilarCases } } },
      async (req) => {
        const actor = requireUser(req);
        requireCaseReader(actor);
        const found = await similarCases(ctx.db, actor, req.query);
        return {
          items: found.map((m) => ({
            ...presentCaseSummary(m.row, ctx.pd),
            score: m.score,
            reasons: m.reasons,
          })),
        };
      },
    );
  };
}
