import { AppError, DEFAULT_RISK_RULES, reddens, ZRiskRules } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { findCaseForActor } from "../cases/cases.repository";
import { loadRiskRules, nightlyRiskSweep, RULES_KEY } from "./risk-eval";

/** Risk rules (admin edits them as data) and a case's current hits — "为何红色" on the case. */
export function riskRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      "/cases/:ref/risks",
      { schema: { tags: ["dashboard"], params: z.object({ ref: z.string().max(64) }) } },
      async (req) => {
        const actor = requireUser(req);
        const row = await findCaseForActor(ctx.db, actor, req.params.ref, { forUpdate: false });
        const r = await sql<{ rule: string; why: { zh: string; en: string }; first_at: Date }>`
        SELECT rule, why, first_at FROM case_risks WHERE case_id = ${row.id} ORDER BY rule`.execute(ctx.db);
        const rules = await loadRiskRules(ctx.db);
        return {
          items: r.rows.map((x) => ({
            rule: x.rule,
            why: x.why,
            since: new Date(x.first_at).toISOString(),
            /** Whether this rule turns a case red (else a warning only, e.g. a grid's surge). */
            red: reddens(rules, x.rule),
          })),
        };
      },
    );
    app.get("/risk/rules", { schema: { tags: ["dashboard"] } }, async (req) => {
      const actor = requireUser(req);
      if (!actor.roles.includes("admin")) throw new AppError("FORBIDDEN");
      return { rules: await loadRiskRules(ctx.db), defaults: DEFAULT_RISK_RULES };
    });
    app.put("/risk/rules", { schema: { tags: ["dashboard"], body: ZRiskRules } }, async (req) => {
      const actor = requireUser(req);
      if (!actor.roles.includes("admin")) throw new AppError("FORBIDDEN");
      const value = JSON.stringify(req.body);
      await ctx.db.transaction().execute(async (tx) => {
        await tx
          .insertInto("settings")
          .values({ key: RULES_KEY, value })
          .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
          .execute();
        await audit(tx, {
          at: ctx.clock.now(),
          actorId: actor.userId,
          action: "risk.rules_set",
          entity: "settings",
          entityId: RULES_KEY,
          data: req.body,
        });
      });
      // New rules apply to every open case at once, not tomorrow night.
      await nightlyRiskSweep(ctx, ctx.clock.now(), true);
      return { rules: req.body };
    });
  };
}
