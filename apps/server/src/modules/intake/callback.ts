import { AppError, can, ZText } from "@fengqiao/core";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AppContext } from "../../context";
import { requireUser, type SessionUser } from "../../plugins/auth";
import { type CaseChange, fieldsOf, saveCaseChanges, stateOf } from "../cases/case-store";
import { caseResource, findCaseForActor } from "../cases/cases.repository";
import { CALLBACK_KIND } from "./qr-case";

const ZCallback = z.object({
  reached: z.boolean(),
  note: ZText.trim().min(1).max(2000),
});

/**
 * 回电: a cadre called the citizen back. Core's workflow has no such command (the status does not
 * change), so this stops the callback clock and appends "case.called_back" to the timeline.
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
    const policy = await ctx.rules.policy(row.policy_key);
    if (!policy || !can(actor, "case.note", caseResource(row, policy))) throw new AppError("FORBIDDEN");
    const clock = await tx
      .selectFrom("clocks")
      .select(["due_at", "stopped_at"])
      .where("case_id", "=", row.id)
      .where("kind", "=", CALLBACK_KIND)
      .orderBy("id", "desc")
      .executeTakeFirst();
    const late = clock ? now > new Date(clock.due_at) : false;
    const change: CaseChange = {
      before: row,
      state: stateOf(row),
      fields: fieldsOf(row),
      events: [
        { type: "case.called_back", at: now, data: { reached: o.body.reached, note: o.body.note, late } },
      ],
      clockOps: [{ op: "stop", kinds: [CALLBACK_KIND] }],
      newClocks: [],
      outbox: [],
    };
    await saveCaseChanges(tx, [change], actor.userId, now);
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
