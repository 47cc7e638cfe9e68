import { authorize, CALLBACK_KIND, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { changeCase, policyOrThrow } from "../cases/case-change";
import { caseResource, findCaseForActor } from "../cases/cases.repository";

const ZCallback = z.object({
  reached: z.boolean(),
  note: ZText.trim().min(1).max(2000),
});

/**
 * 回电: a cadre called the citizen back. The status does not change: core's transition stops the
 * callback clock and appends "case.called_back" to the timeline.
 */
export async function recordCallback(o: {
  ctx: AppContext;
  actor: SessionUser;
  caseRef: string;
  body: z.infer<typeof ZCallback>;
}) {
  const { ctx, actor } = o;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const row = await findCaseForActor(tx, actor, o.caseRef, { forUpdate: true });
    const policy = await policyOrThrow(ctx, row.policy_key);
    authorize(actor, "case.note", caseResource(row, policy));
    const clock = await tx
      .selectFrom("clocks")
      .select(["due_at", "stopped_at"])
      .where("case_id", "=", row.id)
      .where("kind", "=", CALLBACK_KIND)
      .orderBy("id", "desc")
      .executeTakeFirst();
    const late = clock ? now > new Date(clock.due_at) : false;
    const cause = { type: "calledBack" as const, reached: o.body.reached, note: o.body.note, late };
    await changeCase({ ctx, tx, row, cause, now, actorId: actor.userId });
    return { code: row.code, late, calledBackAt: now.toISOString() };
  });
}

/** POST /api/v1/cases/:ref/callback — staff in jurisdiction. */
export function callbackRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/cases/:ref/callback",
      { schema: { tags: ["cases"], params: z.object({ ref: ZText.min(1).max(64) }), body: ZCallback } },
      async (req) =>
        recordCallback({ ctx, actor: requireUser(req), caseRef: req.params.ref, body: req.body }),
    );
  };
}
